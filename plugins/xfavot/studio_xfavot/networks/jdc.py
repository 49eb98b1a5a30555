"""The frozen F0 network: JDC (Kum & Nam 2019, paper ref. [40]) as StarGANv2-VC uses it.

XFaVoT takes its F0 input and L_F0 from "the pretrained JDC" without naming a checkpoint; SVC
ships ``Utils/JDC/bst.t7`` (``{"net": state_dict}``, ``num_class=1``) trained on the same
normalised log-mel, so this module keeps SVC's attribute names and shapes [SVC] and that file
loads unchanged (see ``importers.py``). ``widths`` shrinks it for the demo model.

Input: normalised log-mel (B, 1, 80, T). Outputs: per-frame F0 (B, T), the GAN feature the
generator's F0 branch takes (B, C, 10, T), and the pooled feature SVC uses in its cycle loss.
BatchNorm inside: keep it in eval mode (frozen).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

JDC_SLOPE = 0.01


@dataclass(frozen=True)
class JDCConfig:
    widths: tuple[int, int, int, int] = (64, 128, 192, 256)
    lstm_hidden: int = 256
    num_class: int = 1  # SVC regresses F0 directly (one "class")

    @property
    def feature_channels(self) -> int:
        return self.widths[-1]


class JDCResBlock(nn.Module):
    def __init__(self, dim_in: int, dim_out: int) -> None:
        super().__init__()
        self.pre_conv = nn.Sequential(
            nn.BatchNorm2d(dim_in), nn.LeakyReLU(JDC_SLOPE), nn.MaxPool2d((1, 2))
        )
        self.conv = nn.Sequential(
            nn.Conv2d(dim_in, dim_out, 3, padding=1, bias=False),
            nn.BatchNorm2d(dim_out),
            nn.LeakyReLU(JDC_SLOPE),
            nn.Conv2d(dim_out, dim_out, 3, padding=1, bias=False),
        )
        self.learned_sc = dim_in != dim_out
        if self.learned_sc:
            self.conv1by1 = nn.Conv2d(dim_in, dim_out, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pre_conv(x)
        return self.conv(x) + (self.conv1by1(x) if self.learned_sc else x)


class JDCNet(nn.Module):
    def __init__(self, config: JDCConfig = JDCConfig()) -> None:
        super().__init__()
        self.config = config
        w0, w1, w2, w3 = config.widths
        self.conv_block = nn.Sequential(
            nn.Conv2d(1, w0, 3, padding=1, bias=False),
            nn.BatchNorm2d(w0),
            nn.LeakyReLU(JDC_SLOPE),
            nn.Conv2d(w0, w0, 3, padding=1, bias=False),
        )
        self.res_block1 = JDCResBlock(w0, w1)
        self.res_block2 = JDCResBlock(w1, w2)
        self.res_block3 = JDCResBlock(w2, w3)
        self.pool_block = nn.Sequential(
            nn.BatchNorm2d(w3), nn.LeakyReLU(JDC_SLOPE), nn.MaxPool2d((1, 4)), nn.Dropout(0.5)
        )
        # The voicing detector's layers are part of the published layout, unused for F0.
        self.detector_conv = nn.Sequential(
            # SVC's auxiliary input: 128-ch maxpools of three stages + the 256-ch final = 640
            nn.Conv2d(640 * w3 // 256, w3, 1, bias=False),
            nn.BatchNorm2d(w3),
            nn.LeakyReLU(JDC_SLOPE),
            nn.Dropout(0.5),
        )
        lstm_in = 2 * w3  # 80 mel bins pooled to 10, then MaxPool (1, 4) -> 2 columns
        hidden = config.lstm_hidden
        self.bilstm_classifier = nn.LSTM(lstm_in, hidden, batch_first=True, bidirectional=True)
        self.bilstm_detector = nn.LSTM(lstm_in, hidden, batch_first=True, bidirectional=True)
        self.classifier = nn.Linear(2 * config.lstm_hidden, config.num_class)
        self.detector = nn.Linear(2 * config.lstm_hidden, 2)

    def gan_feature(self, mel: torch.Tensor) -> torch.Tensor:
        """(B, 1, 80, T) -> (B, C, 10, T): what G^au's F0 branch takes."""
        return self._features(mel).transpose(-1, -2)

    def _features(self, mel: torch.Tensor) -> torch.Tensor:
        x = self.conv_block(mel.transpose(-1, -2))  # (B, 1, T, 80): frames as rows
        x = self.res_block3(self.res_block2(self.res_block1(x)))
        return self.pool_block[1](self.pool_block[0](x))  # (B, C, T, 10)

    def forward(self, mel: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """F0 in Hz per frame (B, T), the GAN feature, and the pooled feature (B, C, T, 2)."""
        feature = self._features(mel)
        pooled = self.pool_block[3](self.pool_block[2](feature))
        b, c, t, w = pooled.shape
        sequence = pooled.permute(0, 2, 1, 3).reshape(b, t, c * w)
        hidden, _ = self.bilstm_classifier(sequence)
        f0 = torch.abs(self.classifier(hidden))[..., 0]
        return f0, feature.transpose(-1, -2), pooled
