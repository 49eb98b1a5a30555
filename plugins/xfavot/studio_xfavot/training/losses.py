"""The paper's loss terms (Sec. 3.2-3.3, Eqs. 1-7), each a small function of tensors.

Where the paper is silent or defers to [SG2]/[SVC] the choice is marked:
* L_adv is BCE-with-logits with SVC's logit clamp, plus the R1 penalty on real inputs [SG2].
* L_ds (Eq. 3) is computed as printed, in style-encoder space (shared/specs/xfavot.md §3 notes SG2/SVC use output
  space); ``ds_in_output_space`` switches to theirs.
* L_norm is SVC's hinged squared log-energy difference (norm_bias 0.5) [SVC].
* L_F0 compares F0 contours normalised by their L1 norm (as printed); L_asr is SVC's
  smooth-L1 on ASR features [SVC].
* L_csc (Eq. 5) is one-directional InfoNCE with cosine similarity and temperature tau.
"""

from __future__ import annotations

import torch
from torch.nn import functional as F

from ..frontend import MEAN, STD

LOGIT_CLAMP = 10.0  # SVC clamps logits before the BCE so a saturated D cannot give NaN
NORM_BIAS = 0.5


def adversarial(logits: torch.Tensor, real: bool) -> torch.Tensor:
    logits = logits.reshape(-1).clamp(-LOGIT_CLAMP, LOGIT_CLAMP)
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, float(real)))


def r1_penalty(logits: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
    """Zero-centred gradient penalty on real inputs (SG2/SVC, lambda_reg 1; not in the paper)."""
    (grad,) = torch.autograd.grad(logits.sum(), inputs, create_graph=True)
    return 0.5 * grad.pow(2).reshape(len(inputs), -1).sum(1).mean()


def style_reconstruction(style: torch.Tensor, recovered: torch.Tensor) -> torch.Tensor:
    """Eq. 2, one modality: || s - E_g~(G(x, s)) ||_1."""
    return (style - recovered).abs().mean()


def diversity(first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
    """Eq. 3, one modality: || E(G(x, s1)) - E(G(x, s2)) ||_1 (maximised; second detached)."""
    return (first - second.detach()).abs().mean()


def cycle(original: torch.Tensor, reconstructed: torch.Tensor) -> torch.Tensor:
    """Eq. 4, one modality: || x - G(G(x, s~), s^) ||_1."""
    return (original - reconstructed).abs().mean()


def log_energy(mel: torch.Tensor) -> torch.Tensor:
    """Frame-wise log energy N(a) of a normalised log-mel (B, 1, 80, T) -> (B, 1, T) [SVC]."""
    return torch.log(torch.exp(mel * STD + MEAN).norm(dim=2))


def energy(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """L_norm: SVC's hinge on |N(a) - N(G(a, s))| with bias 0.5, squared."""
    gap = (log_energy(fake) - log_energy(real)).abs() - NORM_BIAS
    return F.relu(gap).pow(2).mean()


def f0_contour(real_f0: torch.Tensor, fake_f0: torch.Tensor) -> torch.Tensor:
    """L_F0: L1 between F0 contours each divided by its L1 norm (relative contour kept)."""

    def normalised(f0: torch.Tensor) -> torch.Tensor:
        return f0 / f0.abs().sum(-1, keepdim=True).clamp_min(1e-6)

    return (normalised(real_f0) - normalised(fake_f0)).abs().sum(-1).mean()


def asr_features(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    return F.smooth_l1_loss(fake, real)


def source_classifier(
    logits: torch.Tensor, speakers: torch.Tensor, num_genders: int
) -> torch.Tensor:
    """CE of C's speaker outputs (indices K_g..K) against speaker codes (L_cls / L_adcl)."""
    return F.cross_entropy(logits[:, num_genders:], speakers)


def source_gender(logits: torch.Tensor, genders: torch.Tensor, num_genders: int) -> torch.Tensor:
    """CE of C's gender outputs (indices 0..K_g) against gender codes (part of L_cls)."""
    return F.cross_entropy(logits[:, :num_genders], genders)


def cross_modal_consistency(
    audio_styles: torch.Tensor, image_styles: torch.Tensor, tau: float = 1.0
) -> torch.Tensor:
    """Eq. 5: audio anchors against the N image styles; the pair on the diagonal is positive."""
    similarity = F.cosine_similarity(audio_styles[:, None], image_styles[None], dim=-1) / tau
    targets = torch.arange(len(audio_styles), device=audio_styles.device)
    return F.cross_entropy(similarity, targets)
