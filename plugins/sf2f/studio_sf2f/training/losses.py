"""The terms of L_conj (section 4) and their weighted sum.

The generator minimises L_G as written, E log(1 - D(G(v))) (the saturating form; which form
is [U]): on the demo corpus the non-saturating form let D's confidence swamp L_1. The
discriminators minimise the standard GAN cross-entropy. Losses take logits: ``Discriminator.probabilities`` is the
paper's softmax, and cross-entropy on logits is the same objective, computed stably.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.nn import functional as F

REAL, FAKE = 1, 0  # D_real's two classes


@dataclass(frozen=True)
class Weights:
    """lambda_1..lambda_4 of L_conj (the paper's 10 / 1 / 0.05 / 100)."""

    l1: float = 10.0
    adversarial: float = 1.0
    identity: float = 0.05
    perceptual: float = 100.0


def l1(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """||I - I'||_1, averaged over pixels [U: the reduction]."""
    return (real - fake).abs().mean()


def perceptual(embedder, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """L1 between face embeddings of the ground truth and the generated face."""
    return (embedder(real) - embedder(fake)).abs().mean()


def adversarial_generator(fake_logits: torch.Tensor) -> torch.Tensor:
    """E log(1 - D_real(x_fake)), the generator's part of L_G exactly as the paper writes it
    (the saturating form): its pull fades once D is sure, so L_1 keeps leading."""
    return F.log_softmax(fake_logits, dim=-1)[:, FAKE].mean()


def discriminator_real_fake(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    real = torch.full_like(real_logits[:, 0], REAL, dtype=torch.long)
    fake = torch.full_like(fake_logits[:, 0], FAKE, dtype=torch.long)
    return F.cross_entropy(real_logits, real) + F.cross_entropy(fake_logits, fake)


def identity(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """L_id on real faces (for D_id) and L_C on generated ones (for the generator)."""
    return F.cross_entropy(logits, labels)


def conjugated(terms: dict[str, torch.Tensor], weights: Weights) -> torch.Tensor:
    """lambda_1 L_1 + lambda_2 L_G + lambda_3 L_C + lambda_4 L_P (absent terms count 0)."""
    total = weights.l1 * terms["l1"] + weights.adversarial * terms["adversarial"]
    total = total + weights.identity * terms["identity"]
    if "perceptual" in terms:
        total = total + weights.perceptual * terms["perceptual"]
    return total
