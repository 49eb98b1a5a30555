"""Frozen networks the restoration losses compare images with, loaded from files the user gives.

* VGG-19 (L_per, Eq. 7): torchvision's layout (``vgg19-dcbb9e9d.pth``); features after
  conv1_2, conv2_2, conv3_4, conv4_4 and conv5_4, weighted 0.1, 0.1, 1, 1, 1 and compared with
  L1 as GFP-GAN does, on ImageNet-normalised [0, 1] images.
* ArcFace (L_id, Eq. 10): GFP-GAN's ResNetArcFace (IRBlock, [2, 2, 2, 2], no SE), the layout of
  its ``arcface_resnet18.pth``; 128x128 grey faces in, a 512-d identity feature out.

Both load with ``weights_only`` and are checked key by key before use.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

from studio.ml.checkpoint import check_layout, read_state_dict

VGG_LAYERS = {3: 0.1, 8: 0.1, 17: 1.0, 26: 1.0, 35: 1.0}  # index in vgg19.features -> weight
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
GREY = (0.2989, 0.5870, 0.1140)
ARCFACE_SIZE = 128


def _frozen(net: nn.Module, path: str) -> nn.Module:
    with torch.device("meta"):
        layout = {k: tuple(v.shape) for k, v in net.state_dict().items()}
    state = read_state_dict(path)
    state = {k.removeprefix("module."): v for k, v in state.items()}
    # BN counters may be absent from old files; the normalisation constants are ours
    optional = {k for k in layout if k.endswith("num_batches_tracked")} | {"mean", "std"}
    used = {k: v for k, v in state.items() if k in layout}  # e.g. VGG's classifier is unused
    check_layout(used, layout, Path(path), optional=optional)
    net.load_state_dict(used, strict=False)
    return net.eval().requires_grad_(False)


class VGGPerceptual(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        from torchvision.models.vgg import cfgs, make_layers

        # VGG-19's convolutional stack ("E") without the classifier nobody needs here
        self.features = make_layers(cfgs["E"])[: max(VGG_LAYERS) + 1]
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))

    def _feats(self, image: torch.Tensor) -> list[torch.Tensor]:
        x = ((image + 1) / 2 - self.mean) / self.std
        found = []
        for index, layer in enumerate(self.features):
            x = layer(x)
            if index in VGG_LAYERS:
                found.append(x)
        return found

    def forward(self, restored: torch.Tensor, clean: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            target = self._feats(clean)
        return sum(
            w * F.l1_loss(a, b)
            for w, a, b in zip(VGG_LAYERS.values(), self._feats(restored), target)
        )


def _conv3(in_channels: int, out_channels: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)


class IRBlock(nn.Module):
    """BN -> conv -> BN -> PReLU -> conv (stride) -> BN, plus the (projected) input, then PReLU."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self.bn0 = nn.BatchNorm2d(in_channels)
        self.conv1 = _conv3(in_channels, in_channels)
        self.bn1 = nn.BatchNorm2d(in_channels)
        self.prelu = nn.PReLU()
        self.conv2 = _conv3(in_channels, out_channels, stride)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.bn2(self.conv2(self.prelu(self.bn1(self.conv1(self.bn0(x))))))
        residual = x if self.downsample is None else self.downsample(x)
        return self.prelu(out + residual)


class ArcFaceResNet(nn.Module):
    def __init__(self, blocks: tuple[int, ...] = (2, 2, 2, 2)) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.prelu = nn.PReLU()
        width = 64
        for number, (channels, count) in enumerate(zip((64, 128, 256, 512), blocks), start=1):
            stride = 1 if number == 1 else 2
            layers = [IRBlock(width, channels, stride)]
            layers += [IRBlock(channels, channels) for _ in range(count - 1)]
            setattr(self, f"layer{number}", nn.Sequential(*layers))
            width = channels
        self.bn4 = nn.BatchNorm2d(512)
        self.fc5 = nn.Linear(512 * 8 * 8, 512)
        self.bn5 = nn.BatchNorm1d(512)

    def forward(self, face: torch.Tensor) -> torch.Tensor:
        """Face [N, 3, S, S] in [-1, 1] -> identity feature [N, 512]."""
        grey = sum(w * face[:, i : i + 1] for i, w in enumerate(GREY))
        x = F.interpolate(
            grey, size=(ARCFACE_SIZE, ARCFACE_SIZE), mode="bilinear", align_corners=False
        )
        x = F.max_pool2d(self.prelu(self.bn1(self.conv1(x))), 2)
        for number in range(1, 5):
            x = getattr(self, f"layer{number}")(x)
        return self.bn5(self.fc5(self.bn4(x).flatten(1)))


def load_perceptual_network(path: str) -> VGGPerceptual | None:
    if not path:
        return None
    net = VGGPerceptual()
    # torchvision's file names the convolutions features.N.*, the same as our truncated stack
    return _frozen(net, path)


def load_identity_network(path: str) -> ArcFaceResNet | None:
    return _frozen(ArcFaceResNet(), path) if path else None
