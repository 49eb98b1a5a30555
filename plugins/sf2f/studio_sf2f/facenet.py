"""The face-embedding network of SF2F's perceptual loss L_P: FaceNet's Inception-ResNet-v1,
in the parameter layout of the widely used PyTorch port's published checkpoints
(``20180402-114759-vggface2.pt``, ``20180408-102900-casia-webface.pt``: plain state dicts), so
a user's copy of those files loads unchanged. Read with ``weights_only=True``; the classifier
head (``logits.*``) is not needed for embeddings and is ignored.

Architecture (Szegedy et al. 2017, Inception-ResNet-v1 as FaceNet trains it): a stem, 5 x
Block35, Mixed-6a, 10 x Block17, Mixed-7a, 5 x Block8 + a final Block8 without ReLU, average
pooling, a 1792 -> 512 linear layer, BatchNorm1d and L2 normalisation; every convolution is
conv (no bias) + BatchNorm(eps 1e-3) + ReLU, except the residual 1x1 projections (with bias).
Input: 160 x 160 RGB with FaceNet's fixed standardisation (x * 255 - 127.5) / 128.
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from studio.ml.checkpoint import check_layout, layout_of, read_state_dict

from .imaging import MEAN, STD

INPUT_SIZE = 160
EMBEDDING = 512


class BasicConv2d(nn.Module):
    def __init__(self, cin: int, cout: int, kernel, stride=1, padding=0) -> None:
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=0.001, momentum=0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.bn(self.conv(x)))


def chain(*layers: tuple) -> nn.Sequential:
    return nn.Sequential(*(BasicConv2d(*layer) for layer in layers))


class Block35(nn.Module):
    def __init__(self, scale: float = 0.17) -> None:
        super().__init__()
        self.scale = scale
        self.branch0 = BasicConv2d(256, 32, 1)
        self.branch1 = chain((256, 32, 1), (32, 32, 3, 1, 1))
        self.branch2 = chain((256, 32, 1), (32, 32, 3, 1, 1), (32, 32, 3, 1, 1))
        self.conv2d = nn.Conv2d(96, 256, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mixed = torch.cat([self.branch0(x), self.branch1(x), self.branch2(x)], 1)
        return F.relu(x + self.scale * self.conv2d(mixed))


class Block17(nn.Module):
    def __init__(self, scale: float = 0.10) -> None:
        super().__init__()
        self.scale = scale
        self.branch0 = BasicConv2d(896, 128, 1)
        self.branch1 = chain((896, 128, 1), (128, 128, (1, 7), 1, (0, 3)), (128, 128, (7, 1), 1, (3, 0)))
        self.conv2d = nn.Conv2d(256, 896, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mixed = torch.cat([self.branch0(x), self.branch1(x)], 1)
        return F.relu(x + self.scale * self.conv2d(mixed))


class Block8(nn.Module):
    def __init__(self, scale: float = 0.20, relu: bool = True) -> None:
        super().__init__()
        self.scale, self.relu = scale, relu
        self.branch0 = BasicConv2d(1792, 192, 1)
        self.branch1 = chain((1792, 192, 1), (192, 192, (1, 3), 1, (0, 1)), (192, 192, (3, 1), 1, (1, 0)))
        self.conv2d = nn.Conv2d(384, 1792, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = x + self.scale * self.conv2d(torch.cat([self.branch0(x), self.branch1(x)], 1))
        return F.relu(out) if self.relu else out


class Mixed6a(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.branch0 = BasicConv2d(256, 384, 3, 2)
        self.branch1 = chain((256, 192, 1), (192, 192, 3, 1, 1), (192, 256, 3, 2))
        self.branch2 = nn.MaxPool2d(3, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.branch0(x), self.branch1(x), self.branch2(x)], 1)


class Mixed7a(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.branch0 = chain((896, 256, 1), (256, 384, 3, 2))
        self.branch1 = chain((896, 256, 1), (256, 256, 3, 2))
        self.branch2 = chain((896, 256, 1), (256, 256, 3, 1, 1), (256, 256, 3, 2))
        self.branch3 = nn.MaxPool2d(3, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        parts = [self.branch0(x), self.branch1(x), self.branch2(x), self.branch3(x)]
        return torch.cat(parts, 1)


class InceptionResnetV1(nn.Module):
    """FaceNet's embedder: [N, 3, 160, 160] standardised -> [N, 512] unit-length."""

    def __init__(self) -> None:
        super().__init__()
        self.conv2d_1a = BasicConv2d(3, 32, 3, 2)
        self.conv2d_2a = BasicConv2d(32, 32, 3, 1)
        self.conv2d_2b = BasicConv2d(32, 64, 3, 1, 1)
        self.maxpool_3a = nn.MaxPool2d(3, stride=2)
        self.conv2d_3b = BasicConv2d(64, 80, 1)
        self.conv2d_4a = BasicConv2d(80, 192, 3)
        self.conv2d_4b = BasicConv2d(192, 256, 3, 2)
        self.repeat_1 = nn.Sequential(*(Block35() for _ in range(5)))
        self.mixed_6a = Mixed6a()
        self.repeat_2 = nn.Sequential(*(Block17() for _ in range(10)))
        self.mixed_7a = Mixed7a()
        self.repeat_3 = nn.Sequential(*(Block8() for _ in range(5)))
        self.block8 = Block8(relu=False)
        self.avgpool_1a = nn.AdaptiveAvgPool2d(1)
        self.last_linear = nn.Linear(1792, EMBEDDING, bias=False)
        self.last_bn = nn.BatchNorm1d(EMBEDDING, eps=0.001, momentum=0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for stem in (self.conv2d_1a, self.conv2d_2a, self.conv2d_2b, self.maxpool_3a,
                     self.conv2d_3b, self.conv2d_4a, self.conv2d_4b):  # fmt: skip
            x = stem(x)
        x = self.repeat_3(self.mixed_7a(self.repeat_2(self.mixed_6a(self.repeat_1(x)))))
        x = self.avgpool_1a(self.block8(x)).flatten(1)
        return F.normalize(self.last_bn(self.last_linear(x)), p=2, dim=1)


class FaceEmbedder(nn.Module):
    """Frozen FaceNet on the decoder's faces: undoes the ImageNet standardisation, resizes to
    160 px and applies FaceNet's fixed standardisation. Gradients flow to the input only."""

    def __init__(self, network: InceptionResnetV1) -> None:
        super().__init__()
        self.network = network.eval().requires_grad_(False)
        self.register_buffer("mean", torch.tensor(MEAN).reshape(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).reshape(1, 3, 1, 1))

    def train(self, mode: bool = True):  # BatchNorm stays in inference mode: it is frozen
        return super().train(False)

    def forward(self, faces: torch.Tensor) -> torch.Tensor:
        unit = (faces.float() * self.std + self.mean).clamp(0, 1)
        resized = F.interpolate(unit, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear",
                                align_corners=False)  # fmt: skip
        return self.network((resized * 255 - 127.5) / 128)


def expected_layout() -> dict[str, tuple[int, ...]]:
    return layout_of(InceptionResnetV1().state_dict())


def load_face_embedder(path: str | Path, device="cpu") -> FaceEmbedder:
    """The embedder from a checkpoint in the port's layout; WeightsError names what differs."""
    state = read_state_dict(path)
    state = {k: v for k, v in state.items() if not k.startswith("logits.")}
    expected = expected_layout()
    check_layout(
        state, expected, path, optional=[k for k in expected if k.endswith("num_batches_tracked")]
    )
    network = InceptionResnetV1()
    network.load_state_dict(state, strict=False)
    return FaceEmbedder(network).to(device)
