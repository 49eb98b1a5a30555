"""``sf2f:voice-to-face`` at inference (section 4): clip -> windows -> e_i -> fused f (encode)
-> face (decode). Deterministic: the network has no noise input, so a clip always gives the
same face; what varies it is which audio goes in.

The latent is the fused embedding f (unit norm, 512-d). Side outputs in ``Latent.extras``,
for the app to draw over the waveform and to show per-segment faces (Fig. 4):

- ``segment_times``      float32 [T, 2]: start and end of each window, seconds into the clip
- ``segment_attention``  float32 [T]: the attention each window received, the mean over the
                         queries i of beta_ij; sums to 1 (1/T each: no preference)
- ``attention_matrix``   float32 [T, T]: beta itself, each row summing to 1
- ``segment_embeddings`` float32 [T, 512]: the e_i, which decode to the per-segment faces

With the fuser off, the whole clip goes through the encoder at once (its time pooling takes
any length; the paper's "no fuser" model on 5 s clips): one segment spanning the clip, weight 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from studio.api import Image, Latent, ModelRef, Progress, StudioError, WeightsError
from studio.ml.checkpoint import check_layout, load_safetensors

from .features import FeatureConfig, LogMel, mono_waveform, segment_features
from .imaging import to_pixels
from .model import ARCHITECTURE, SF2F, from_config, layout
from .networks import segment_weights, unit

UNIT_NORM_TOLERANCE = 1e-5


def load(device: str, model: ModelRef) -> VoiceToFace:
    if model.config.get("architecture") != ARCHITECTURE:
        raise WeightsError(
            f"{model.directory}: config.json describes {model.config.get('architecture')!r}, "
            f"not an {ARCHITECTURE} model"
        )
    tensors = load_safetensors(model.weights_file)
    check_layout(tensors, layout(model.config), model.weights_file)
    network, features = from_config(model.config)
    network.load_state_dict(tensors)
    return VoiceToFace(network.to(device).eval(), features, device)


class VoiceToFace:
    def __init__(self, network: SF2F, features: FeatureConfig, device: str) -> None:
        self.network = network
        self.features = features
        self.device = device

    def encode(self, inputs: dict[str, Any], params: dict[str, Any], progress: Progress) -> Latent:
        progress.update(0.0, "reading the voice")
        waveform = mono_waveform(inputs["voice"], self.features)
        rate = self.features.sample_rate
        with torch.inference_mode():
            if params["fuser"]:
                mels, bounds = segment_features(
                    waveform, self.features, params["window_seconds"], params["overlap"]
                )
                progress.update(0.3, f"embedding {len(bounds)} segments")
                segments = self.network.encoder(mels.to(self.device))[None]
                progress.update(0.8, "fusing the segments")
                fused, beta = self.network.fuser(segments)
                attention = segment_weights(beta)[0]
                beta = beta[0]
                times = [b.seconds(rate) for b in bounds]
            else:
                progress.update(0.3, "embedding the whole clip")
                mel = LogMel(self.features)(torch.from_numpy(waveform)[None])
                segments = self.network.encoder(mel.to(self.device))[None]
                fused = segments[:, 0]
                attention = torch.ones(1)
                beta = torch.ones(1, 1)
                times = [(0.0, waveform.size / rate)]
        progress.update(1.0)
        return Latent(
            {"embedding": _numpy(fused.reshape(-1))},
            {
                "segment_times": np.asarray(times, np.float32).reshape(-1, 2),
                "segment_attention": _numpy(attention),
                "attention_matrix": _numpy(beta),
                "segment_embeddings": _numpy(segments[0]),
            },
        )

    def decode(self, latent: Latent, params: dict[str, Any], progress: Progress) -> Image:
        resolution = params["resolution"]
        available = self.network.decoder.config.resolutions
        if resolution not in available:
            raise StudioError(
                f"these SF2F weights draw {' and '.join(f'{r}x{r}' for r in available)} faces "
                f"only; choose resolution {available[0]} or weights trained for {resolution}"
            )
        embedding = torch.from_numpy(np.asarray(latent.arrays["embedding"], np.float32))
        embedding = embedding.reshape(1, -1)
        if abs(float(embedding.norm()) - 1.0) > UNIT_NORM_TOLERANCE:  # moved by a slider
            embedding = unit(embedding)
        progress.update(0.1, "drawing the face")
        with torch.inference_mode():
            face = self.network.decoder(embedding.to(self.device))[resolution][0]
        progress.update(1.0)
        return Image(to_pixels(face))


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().cpu().numpy().astype(np.float32)
