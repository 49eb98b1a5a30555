"""The audio encoder f_A and the image encoder f_V, both torchvision ResNets.

The official files use torchvision's key layout: ``sound2scene.pth`` is the state dict of
``AVENet`` (``audnet.`` + a ResNet-18 whose conv1 takes one channel and whose fc maps 512 to
2048), and SwAV's ``swav.pth.tar`` holds a torchvision ResNet-50 without ``fc`` (plus its
projection head and prototypes, which f_V does not use). Full-size configs are built with
``torchvision.models.resnet18/resnet50`` themselves; the small demo configs use the same
blocks and ``_make_layer`` with fewer channels, so their keys follow the same pattern.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F
from torchvision.models import resnet as tv

from .config import AudioConfig, ImageConfig, ResNetConfig

BLOCKS = {"basic": tv.BasicBlock, "bottleneck": tv.Bottleneck}
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


class NarrowResNet(tv.ResNet):
    """torchvision's ResNet with chosen widths (for the demo models): same modules, same keys."""

    def __init__(self, config: ResNetConfig, num_classes: int | None) -> None:
        nn.Module.__init__(self)
        block = BLOCKS[config.block]
        self._norm_layer = nn.BatchNorm2d
        self.inplanes, self.dilation, self.groups = config.stem, 1, 1
        self.conv1 = nn.Conv2d(config.in_channels, config.stem, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(config.stem)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        for index, (planes, blocks, width) in enumerate(
            zip(config.planes, config.blocks, config.base_widths)
        ):
            self.base_width = width  # read by _make_layer: the stage's inner width
            layer = self._make_layer(block, planes, blocks, stride=1 if index == 0 else 2)
            setattr(self, f"layer{index + 1}", layer)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = (
            nn.Identity() if num_classes is None else nn.Linear(config.pooled_dim, num_classes)
        )
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")


def build_resnet(config: ResNetConfig, num_classes: int | None) -> tv.ResNet:
    """torchvision's own constructor when the widths are its defaults, else NarrowResNet.
    ``num_classes=None`` drops the classifier (its keys too)."""
    if not config.is_torchvision_default:
        return NarrowResNet(config, num_classes)
    block = BLOCKS[config.block]
    net = tv.ResNet(block, list(config.blocks), num_classes=num_classes or 1000)
    if config.in_channels != 3:
        net.conv1 = nn.Conv2d(
            config.in_channels, 64, kernel_size=7, stride=2, padding=3, bias=False
        )
        nn.init.kaiming_normal_(net.conv1.weight, mode="fan_out", nonlinearity="relu")
    if num_classes is None:
        net.fc = nn.Identity()
    return net


def _features(net: tv.ResNet, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(layer4 map, pooled vector): torchvision's forward up to the classifier."""
    x = net.maxpool(net.relu(net.bn1(net.conv1(x))))
    fmap = net.layer4(net.layer3(net.layer2(net.layer1(x))))
    return fmap, torch.flatten(net.avgpool(fmap), 1)


class AudioEncoder(nn.Module):
    """AVENet: ``audnet`` maps (B, 1, 257, 1004) to the 512-d pooled vector and z^A = ReLU(fc)."""

    def __init__(self, config: AudioConfig = AudioConfig()) -> None:
        super().__init__()
        self.config = config
        self.audnet = build_resnet(config.resnet, config.feature_dim)

    def forward(self, spectrogram: torch.Tensor) -> torch.Tensor:
        return self.encode(spectrogram)[1]

    def encode(self, spectrogram: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(layer4 map, z^A): the map is what Grad-CAM looks at; z^A is non-negative."""
        fmap, pooled = _features(self.audnet, spectrogram)
        return fmap, F.relu(self.audnet.fc(pooled))


class ImageEncoder(nn.Module):
    """f_V: the pooled ResNet-50 feature (2048-d, non-negative) of an ImageNet-normalised frame."""

    def __init__(self, config: ImageConfig = ImageConfig()) -> None:
        super().__init__()
        self.config = config
        self.net = build_resnet(config.resnet, None)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        """``pixels``: (B, 3, resize, resize) in [0, 1], already resized (see image_input)."""
        mean = torch.tensor(IMAGENET_MEAN, device=pixels.device).view(1, 3, 1, 1)
        std = torch.tensor(IMAGENET_STD, device=pixels.device).view(1, 3, 1, 1)
        x = (pixels - mean) / std
        if x.shape[-1] != self.config.size:
            x = F.interpolate(
                x, size=(self.config.size, self.config.size), mode="bicubic", align_corners=False
            )
        return _features(self.net, x)[1]
