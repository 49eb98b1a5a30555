"""Fit the style bridge (``networks/style_bridge.py``) on the training set's audio-face pairs.

Each training row holds an utterance and a face of one speaker: both are encoded with the
speaker's own gender head, and for each head and direction a ridge regression (closed form,
centred) maps one encoder's styles onto the other's.
"""

from __future__ import annotations

import torch

from ..networks.style_bridge import StyleBridge

# Ridge strength in squared style units: styles have norms of about 2, and a head sees about a
# hundred speakers, so this keeps the 64 x 64 map from fitting utterance noise.
RIDGE = 1.0


@torch.no_grad()
def paired_styles(modules, corpus) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """E^au and E^im styles ``(N, D)`` of every training row, and its gender code ``(N,)``."""
    device = next(modules.style_image.parameters()).device
    modules.style_image.eval()
    modules.style_audio.eval()
    audio, image = [], []
    for index, mel in enumerate(corpus.mels):
        g = corpus.gender[index : index + 1].to(device)
        audio.append(modules.style_audio(mel.to(device)[None, None], g))
        image.append(modules.style_image(corpus.faces[index : index + 1].to(device), g))
    return torch.cat(audio), torch.cat(image), corpus.gender.to(device)


def ridge_map(x: torch.Tensor, y: torch.Tensor, ridge: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Weight and bias of ``y ~ x @ weight + bias`` with an L2 penalty on the weight."""
    x_mean, y_mean = x.mean(0), y.mean(0)
    xc = (x - x_mean).double()
    gram = xc.T @ xc + ridge * torch.eye(x.shape[1], dtype=torch.float64, device=x.device)
    weight = torch.linalg.solve(gram, xc.T @ (y - y_mean).double()).float()
    return weight, y_mean - x_mean @ weight


def fit_style_bridge(modules, corpus, ridge: float = RIDGE) -> StyleBridge:
    audio, image, gender = paired_styles(modules, corpus)
    genders, style_dim = modules.config.mapping.num_genders, audio.shape[1]
    bridge = StyleBridge(genders, style_dim).to(audio.device)
    with torch.no_grad():
        for g in range(genders):
            rows = gender == g
            if int(rows.sum()) < 2:  # a head with no pairs keeps the identity
                continue
            for maps, x, y in (
                (bridge.audio_to_image, audio[rows], image[rows]),
                (bridge.image_to_audio, image[rows], audio[rows]),
            ):
                maps.weight[g], maps.bias[g] = ridge_map(x, y, ridge)
    return bridge.eval().requires_grad_(False)
