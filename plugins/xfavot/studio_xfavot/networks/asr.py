"""The frozen ASR network A: StarGANv2-VC's CTC phone recogniser (``Utils/ASR``, ASRCNN).

XFaVoT's L_asr compares "a pretrained automatic speech recognition model"'s features of the
source and the converted mel without naming the model [U]; SVC ships ``Utils/ASR/epoch_00100.pth``
(``{"model": state_dict}``) trained on the same normalised log-mel, and its loss reads the
encoder's features (``get_feature``). So this keeps SVC's encoder layout key for key [SVC]:

    to_mfcc.dct_mat                     (80, 40) orthonormal DCT-II (n_mfcc 40)
    init_cnn.conv                       Conv1d 40 -> H, kernel 7, stride 2 (frames halved)
    cnns.{i}.0.blocks.{j}.{0,4}.conv    3 dilated residual conv pairs (dilation 1, 3, 9),
    cnns.{i}.0.blocks.{j}.2             ReLU, GroupNorm(8) between them, dropout 0.2
    cnns.{i}.1                          GroupNorm(1) after each of the n_layers blocks
    projection.conv                     Conv1d H -> H/2, kernel 1: the features L_asr compares
    ctc_linear.{0,2}.linear_layer       H/2 -> H -> n_token CTC logits

SVC's attention decoder (``asr_s2s.*``) is used only while the recogniser is trained, never by
the VC losses; the importer checks it is there and leaves it out. ``hidden_dim``, ``n_layers``
and ``n_token`` shrink or change for the demo recogniser (a vowel recogniser, 8 vowels + blank).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torchaudio.functional as audio_F
from torch import nn

N_MFCC = 40  # SVC's MFCC(n_mfcc=40, n_mels=80): a fixed DCT of the normalised log-mel
GROUPS = 8


@dataclass(frozen=True)
class ASRConfig:
    input_dim: int = 80
    hidden_dim: int = 256
    n_token: int = 80  # SVC's phoneme set size; the demo's vowel recogniser has 9
    n_layers: int = 6
    dropout: float = 0.2

    @property
    def feature_channels(self) -> int:
        return self.hidden_dim // 2


class MFCC(nn.Module):
    def __init__(self, n_mels: int = 80, n_mfcc: int = N_MFCC) -> None:
        super().__init__()
        self.register_buffer("dct_mat", audio_F.create_dct(n_mfcc, n_mels, "ortho"))

    def forward(self, mel: torch.Tensor) -> torch.Tensor:  # (B, 80, T) -> (B, 40, T)
        return torch.matmul(mel.transpose(1, 2), self.dct_mat).transpose(1, 2)


class _Conv(nn.Module):
    """SVC's ``ConvNorm``: a Conv1d under ``.conv`` (the key prefix of its checkpoints)."""

    def __init__(self, dim_in: int, dim_out: int, kernel: int = 1, stride: int = 1,
                 dilation: int = 1, padding: int | None = None) -> None:  # fmt: skip
        super().__init__()
        if padding is None:
            padding = dilation * (kernel - 1) // 2
        self.conv = nn.Conv1d(dim_in, dim_out, kernel, stride, padding, dilation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class _Linear(nn.Module):
    """SVC's ``LinearNorm``: a Linear under ``.linear_layer``."""

    def __init__(self, dim_in: int, dim_out: int) -> None:
        super().__init__()
        self.linear_layer = nn.Linear(dim_in, dim_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear_layer(x)


class _DilatedBlock(nn.Module):
    """Three residual conv pairs with dilations 1, 3, 9 (SVC ``ConvBlock``)."""

    def __init__(self, dim: int, dropout: float) -> None:
        super().__init__()
        self.blocks = nn.ModuleList(
            nn.Sequential(
                _Conv(dim, dim, 3, dilation=3**i, padding=3**i),
                nn.ReLU(),
                nn.GroupNorm(GROUPS, dim),
                nn.Dropout(dropout),
                _Conv(dim, dim, 3, padding=1),
                nn.ReLU(),
                nn.Dropout(dropout),
            )
            for i in range(3)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.blocks:
            x = x + block(x)
        return x


class ASRNet(nn.Module):
    """Normalised log-mel (B, 1, 80, T) or (B, 80, T) -> features / CTC logits at T/2 frames."""

    def __init__(self, config: ASRConfig = ASRConfig()) -> None:
        super().__init__()
        self.config = config
        h = config.hidden_dim
        self.to_mfcc = MFCC(config.input_dim)
        self.init_cnn = _Conv(N_MFCC, h, 7, stride=2, padding=3)
        self.cnns = nn.Sequential(
            *(
                nn.Sequential(_DilatedBlock(h, config.dropout), nn.GroupNorm(1, h))
                for _ in range(config.n_layers)
            )
        )
        self.projection = _Conv(h, h // 2)
        self.ctc_linear = nn.Sequential(_Linear(h // 2, h), nn.ReLU(), _Linear(h, config.n_token))

    def features(self, mel: torch.Tensor) -> torch.Tensor:
        """SVC's ``get_feature``: (B, H/2, ceil(T/2)), what L_asr compares."""
        if mel.dim() == 4:
            mel = mel[:, 0]
        return self.projection(self.cnns(self.init_cnn(self.to_mfcc(mel))))

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        """CTC logits (B, ceil(T/2), n_token); token 0 is the blank."""
        return self.ctc_linear(self.features(mel).transpose(1, 2))


def greedy_ctc(logits: torch.Tensor) -> list[list[int]]:
    """Best-path decoding: the argmax per frame, repeats merged, blanks (0) dropped."""
    decoded = []
    for best in logits.argmax(-1).tolist():
        tokens, previous = [], 0
        for token in best:
            if token != previous and token != 0:
                tokens.append(token)
            previous = token
        decoded.append(tokens)
    return decoded
