"""XFaVoT at inference: every mode is "encode a style s, then decode G(source, s)".

encode (slow): the source's mel or face, the reference's style from E^au or E^im (or z for
latent-guided mode), and the source's own style (for "style strength"). decode (fast, live):
mix the styles, run the generator, vocode (audio) or clamp (image).

Reference gender g~ selects the style encoders' head (Sec. 3.1); "auto" reads it from the
entry's gender probe for that kind of input (``networks/gender_probe.py``), for a voice with
no probe from the classifier C when it was trained on gender codes; otherwise the two heads'
styles are averaged [extension: the paper does not say how g~ is obtained at inference].
"Style strength" (0 = source's own style, 1 = the reference's) and the second reference's
"mix" are linear interpolations in style space [extension, shared/specs/xfavot.md §6]. A reference of the other
modality (face -> voice, voice -> face) goes through the entry's style bridge when it has one
and the ``bridge`` param is on (``networks/style_bridge.py``) [extension].
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from studio.api import AudioClip, Image, InputError, Latent, ModelRef, Progress
from studio.ml.checkpoint import load_safetensors

from .frontend import SAMPLE_RATE, MelFrontEnd, frames_multiple_of
from .inputs import face_tensor, speech_mel
from .model import XFaVoTModules, from_entry
from .vocoder import Vocoder, make_vocoder

GENDERS = ("male", "female")  # head 0, head 1: the order of the gender codes g
PEAK = 0.89  # -1 dBFS: converted speech is normalised to this peak


def load_modules(device: str, model: ModelRef) -> XFaVoTModules:
    return from_entry(load_safetensors(model.weights_file), model.config).to(device)


class XFaVoT:
    """Shared machinery of the five generators: styles, the two generators, output."""

    # what the source and the reference are: "voice" or "face"
    source: str = "voice"
    reference: str = "face"

    def __init__(self, modules: XFaVoTModules, device: str, directory: Path | None = None) -> None:
        self.m = modules
        self.device = device
        self.directory = directory  # the entry's folder: an imported vocoder sits next to it
        self.front_end = MelFrontEnd().to(device)
        self._vocoders: dict[str, Vocoder] = {}

    # -- encode ---------------------------------------------------------------------------
    def encode(self, inputs: dict[str, Any], params: dict[str, Any], progress: Progress) -> Latent:
        progress.update(0.0, f"reading the source {self.source}")
        with torch.inference_mode():
            source = self._source_tensor(inputs)
            progress.update(0.3, "reading the reference style")
            genders = self._genders(inputs, "reference", params["gender"])
            bridged = bool(params.get("bridge", True))
            reference = self._style(
                self.reference, inputs["reference"], "reference", genders, bridged
            )
            extras = {"source": source[0].cpu().numpy()}
            if inputs.get("reference_b") is not None:
                extras["style_b"] = self._style(
                    self.reference, inputs["reference_b"], "reference_b", genders, bridged
                )
            own = self._genders(inputs, "source", params["gender"])
            extras["source_style"] = self._style(self.source, inputs["source"], "source", own)
        progress.update(1.0)
        return Latent({"style": reference}, extras)

    def _source_tensor(self, inputs: dict[str, Any]) -> torch.Tensor:
        if self.source == "voice":
            return speech_mel(inputs["source"], "source", self.front_end.cpu()).to(self.device)
        return face_tensor(inputs["source"], "source", self.m.config.image.img_size).to(self.device)

    def _style(
        self, kind: str, value: Any, name: str, genders: list[int], bridged: bool = False
    ) -> np.ndarray:
        """Style of one input, averaged over ``genders`` heads (one head unless unknown); with
        ``bridged``, a style of the other modality than the output's is mapped into the
        output's encoder space (when the entry has a bridge)."""
        if kind == "voice":
            x = speech_mel(value, name, self.front_end.cpu()).to(self.device)[:, None]
            encoder = self.m.style_audio
        else:
            x = face_tensor(value, name, self.m.config.image.img_size).to(self.device)
            encoder = self.m.style_image
        bridge = self.m.style_bridge if bridged and kind != self.source else None
        direction = "audio_to_image" if kind == "voice" else "image_to_audio"
        styles = []
        for g in genders:
            head = torch.tensor([g], device=self.device)
            style = encoder(x, head)
            styles.append(style if bridge is None else bridge(style, head, direction))
        return torch.stack(styles).mean(0)[0].cpu().numpy().astype(np.float32)

    def _genders(self, inputs: dict[str, Any], name: str, choice: str) -> list[int]:
        if choice != "auto":
            return [GENDERS.index(choice)]
        kind = self.reference if name == "reference" else self.source
        trained = self.m.classifier is not None and self.m.config.classifier_reads_gender
        if kind == "voice" and (self.m.voice_gender is not None or trained):
            mel = speech_mel(inputs[name], name, self.front_end.cpu()).to(self.device)[:, None]
            if self.m.voice_gender is not None:
                return [int(self.m.voice_gender(self.m.style_audio, mel)[0].argmax())]
            return [int(self.m.classifier(mel)[0, :2].argmax())]
        if kind == "face" and self.m.face_gender is not None:
            size = self.m.config.image.img_size
            x = face_tensor(inputs[name], name, size).to(self.device)
            return [int(self.m.face_gender(self.m.style_image, x)[0].argmax())]
        return [0, 1]  # unknown: the style averaged over both heads

    # -- decode ---------------------------------------------------------------------------
    def decode(self, latent: Latent, params: dict[str, Any], progress: Progress) -> Any:
        style = self._mixed_style(latent, params)
        return self._render(latent.extras["source"], style, params, progress)

    def _mixed_style(self, latent: Latent, params: dict[str, Any]) -> torch.Tensor:
        style = torch.as_tensor(np.asarray(latent.arrays["style"], np.float32))
        if "style_b" in latent.extras:
            mix = float(params.get("mix", 0.0))
            style = (1 - mix) * style + mix * torch.as_tensor(latent.extras["style_b"])
        if "source_style" in latent.extras:
            own = torch.as_tensor(latent.extras["source_style"])
            style = own + float(params.get("strength", 1.0)) * (style - own)
        return style.reshape(1, -1).to(self.device)

    def _render(
        self, source: np.ndarray, style: torch.Tensor, params: dict[str, Any], progress: Progress
    ) -> Any:
        progress.update(
            0.1, "converting the voice" if self.source == "voice" else "drawing the face"
        )
        with torch.inference_mode():
            x = torch.as_tensor(source)[None].to(self.device)
            if self.source == "voice":
                return self._voice(x, style, params.get("vocoder", "griffin-lim"), progress)
            face = self.m.generator_image(x, style)[0].clamp(-1, 1)
        pixels = torch.round((face + 1) * 127.5).to(torch.uint8).permute(1, 2, 0).cpu().numpy()
        progress.update(1.0)
        return Image(np.ascontiguousarray(pixels))

    def _voice(
        self, mel: torch.Tensor, style: torch.Tensor, vocoder: str, progress: Progress
    ) -> AudioClip:
        padded, frames = frames_multiple_of(mel[:, None])  # (1, 1, 80, T'), T' % 4 == 0
        f0 = self.m.f0.gan_feature(padded) if self.m.f0 is not None else None
        converted = self.m.generator_audio(padded, style, f0)[:, 0, :, :frames]
        progress.update(0.5, f"vocoding ({vocoder})")
        wave = self.vocoder(vocoder)(converted.cpu())[0].numpy()
        peak = float(np.max(np.abs(wave), initial=0.0))
        if peak > 0:
            wave = wave * (PEAK / peak)
        progress.update(1.0)
        return AudioClip(wave.astype(np.float32), SAMPLE_RATE)

    def vocoder(self, name: str) -> Vocoder:
        if name not in self._vocoders:
            self._vocoders[name] = make_vocoder(name, self.directory)
        return self._vocoders[name]


class FaceToVoice(XFaVoT):
    source, reference = "voice", "face"


class VoiceToFace(XFaVoT):
    source, reference = "face", "voice"


class FaceToFace(XFaVoT):
    source, reference = "face", "face"


class VoiceToVoice(XFaVoT):
    source, reference = "voice", "voice"


class LatentGuided(XFaVoT):
    """s = F_{g,y}(z): one z gives a face (source face) and a voice (source voice) of the same
    style, because both generators read the same style space (Sec. 4.4, demo page)."""

    def __init__(
        self, modules: XFaVoTModules, device: str, source: str, directory: Path | None = None
    ) -> None:
        super().__init__(modules, device, directory)
        self.source = source

    def encode(self, inputs: dict[str, Any], params: dict[str, Any], progress: Progress) -> Latent:
        with torch.inference_mode():
            source = self._source_tensor(inputs)
        z = torch.randn(
            self.m.config.mapping.latent_dim,
            generator=torch.Generator().manual_seed(params["seed"]),
        )
        return Latent({"z": z.numpy().astype(np.float32)}, {"source": source[0].cpu().numpy()})

    def decode(self, latent: Latent, params: dict[str, Any], progress: Progress) -> Any:
        head = self._head(params)
        z = torch.as_tensor(np.asarray(latent.arrays["z"], np.float32)).reshape(1, -1)
        with torch.inference_mode():
            style = self.m.mapping(z.to(self.device), torch.tensor([head], device=self.device))
        return self._render(latent.extras["source"], style, params, progress)

    def _head(self, params: dict[str, Any]) -> int:
        config = self.m.config.mapping
        speaker = int(params.get("speaker", -1))
        if speaker < 0:
            gender = params.get("gender", "female")
            return GENDERS.index(gender if gender in GENDERS else "female")
        if speaker >= config.num_speakers:
            raise InputError(
                "speaker",
                f"these weights know {config.num_speakers} training speakers (0-{config.num_speakers - 1})",
            )
        return config.num_genders + speaker


def load_face_to_voice(device: str, model: ModelRef) -> FaceToVoice:
    return FaceToVoice(load_modules(device, model), device, model.directory)


def load_voice_to_face(device: str, model: ModelRef) -> VoiceToFace:
    return VoiceToFace(load_modules(device, model), device, model.directory)


def load_face_to_face(device: str, model: ModelRef) -> FaceToFace:
    return FaceToFace(load_modules(device, model), device, model.directory)


def load_voice_to_voice(device: str, model: ModelRef) -> VoiceToVoice:
    return VoiceToVoice(load_modules(device, model), device, model.directory)


def load_latent_face(device: str, model: ModelRef) -> LatentGuided:
    return LatentGuided(load_modules(device, model), device, "face", model.directory)


def load_latent_voice(device: str, model: ModelRef) -> LatentGuided:
    return LatentGuided(load_modules(device, model), device, "voice", model.directory)
