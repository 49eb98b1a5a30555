"""Fine-tuning the restoration network with GFP-GAN's losses (shared/specs/avpgan.md §3.2, Eqs. 7-11).

L_rec = lambda_l1 |y^ - y|_1 + lambda_per |VGG19(y^) - VGG19(y)|_1                     (7)
L_adv = lambda_adv softplus(-D(y^))  (GFP-GAN's "wgan_softplus" form of Eq. 8)          (8)
L_comp = sum over eyes, mouth of lambda_local BCE(D_roi(y^_roi), real)
         + lambda_fs |Gram(phi(y^_roi)) - Gram(phi(y_roi))|_1                             (9)
L_id = lambda_id |ArcFace(y^) - ArcFace(y)|_1                                            (10)
L_total = L_rec + L_adv + L_comp + L_id                                                  (11)

L_per and L_id need networks the user supplies (``perceptual_network``, ``identity_network``);
without them those terms are off, and the run says so. Pairs are training faces degraded by
GFP-GAN's model (``degrade``), both brought to the restorer's size by bicubic resampling.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F
from torch.utils.data import Dataset

from studio.ml.training import Run, stage_config

from ..restoration.gfpgan import FaceRestorer, RestorerConfig
from .degrade import degrade, upsample
from .discriminators import COMPONENTS, ComponentCritic, GlobalCritic, crop_component, gram
from .settings import TrainSettings
from .supervisors import load_identity_network, load_perceptual_network

GFP_BETAS = (0.0, 0.99)  # [GFP] Adam betas of the restoration stage
FRAME = 64  # px: the GAN stage's faces, where the degradations are made


def restorer_config(settings: TrainSettings) -> RestorerConfig:
    if settings.restore_from:
        from ..importer import read_gfpgan

        return read_gfpgan(Path(settings.restore_from))[0]
    return RestorerConfig(
        out_size=settings.restore_size,
        num_style_feat=settings.restore_style,
        channel_multiplier=settings.restore_multiplier,
        narrow=settings.restore_narrow,
    )


class DegradedFaces(Dataset):
    """(degraded, clean) pairs at ``size`` px; item i is seeded by i and the epoch so a resumed
    run sees the same pairs. The degraded face is made in the 64-px frame the GAN stage draws
    in; the clean one is the training face at ``size``, so faces stored larger than 64 px (a
    256 px corpus) teach the restorer to add the detail a 64 px face lacks."""

    def __init__(self, faces: list[Path], size: int, seed: int) -> None:
        self.faces, self.size, self.seed = faces, size, seed

    def __len__(self) -> int:
        return len(self.faces)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        frame, clean = (
            torch.from_numpy(pixels)[None] for pixels in face_pair(self.faces[index], self.size)
        )
        rng = torch.Generator().manual_seed(int(torch.randint(2**62, ())) ^ self.seed)
        if torch.rand((), generator=rng) < 0.5:
            frame, clean = frame.flip(3), clean.flip(3)
        degraded = degrade(frame, rng)
        return upsample(degraded, self.size)[0], clean[0]


def face_pair(path: Path, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The face at the GAN's 64 px and at ``size`` px, float32 [3, s, s] in [-1, 1]; each is
    resampled from the stored picture (bicubic, anti-aliased when shrinking)."""
    from PIL import Image

    with Image.open(path) as image:
        rgb = image.convert("RGB")
        sized = [
            rgb if rgb.size == (s, s) else rgb.resize((s, s), Image.BICUBIC) for s in (FRAME, size)
        ]
    return tuple(  # type: ignore[return-value]
        (np.asarray(p, dtype=np.float32).transpose(2, 0, 1) - 127.5) / 127.5 for p in sized
    )


def restoration_losses(
    restored: torch.Tensor,
    pyramid: list[torch.Tensor],
    clean: torch.Tensor,
    critics: dict,
    settings: TrainSettings,
    perceptual=None,
    identity=None,
) -> dict[str, torch.Tensor]:
    """The generator's terms of Eq. 11 (plus the optional pyramid term), weighted."""
    terms = {"l1": settings.lambda_l1 * F.l1_loss(restored, clean)}
    if perceptual is not None and settings.lambda_per:
        terms["per"] = settings.lambda_per * perceptual(restored, clean)
    if settings.lambda_adv:
        terms["adv"] = settings.lambda_adv * F.softplus(-critics["global"](restored)).mean()
    if settings.lambda_local or settings.lambda_fs:
        for name, box in COMPONENTS.items():
            logits, feats = critics[name](crop_component(restored, box))
            with torch.no_grad():
                _, real_feats = critics[name](crop_component(clean, box))
            terms[f"{name}_gan"] = settings.lambda_local * F.binary_cross_entropy_with_logits(
                logits, torch.ones_like(logits)
            )
            terms[f"{name}_style"] = settings.lambda_fs * sum(
                F.l1_loss(gram(f), gram(r)) for f, r in zip(feats, real_feats)
            )
    if identity is not None and settings.lambda_id:
        terms["id"] = settings.lambda_id * F.l1_loss(identity(restored), identity(clean).detach())
    if settings.lambda_pyramid:
        terms["pyramid"] = settings.lambda_pyramid * sum(
            F.l1_loss(
                rgb, F.interpolate(clean, size=rgb.shape[-2:], mode="bilinear", align_corners=False)
            )
            for rgb in pyramid
        )
    return terms


def critic_loss(
    critics: dict, restored: torch.Tensor, clean: torch.Tensor, settings
) -> torch.Tensor:
    """The critics' side: softplus for the global one, BCE for the component ones."""
    restored = restored.detach()
    loss = torch.zeros((), device=clean.device)
    if settings.lambda_adv:
        loss = (
            loss
            + F.softplus(-critics["global"](clean)).mean()
            + F.softplus(critics["global"](restored)).mean()
        )
    if settings.lambda_local or settings.lambda_fs:
        for name, box in COMPONENTS.items():
            real, _ = critics[name](crop_component(clean, box))
            fake, _ = critics[name](crop_component(restored, box))
            loss = (
                loss
                + F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
                + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
            )
    return loss


def make_critics(size: int) -> torch.nn.ModuleDict:
    critics = {"global": GlobalCritic(size)}
    critics.update({name: ComponentCritic() for name in COMPONENTS})
    return torch.nn.ModuleDict(critics)


def train_restorer(
    settings: TrainSettings, faces: list[Path], out: Path, resume: bool, device
) -> dict[str, torch.Tensor]:
    perceptual = load_perceptual_network(settings.perceptual_network)
    identity = load_identity_network(settings.identity_network)
    config = stage_config(settings, out, settings.restore_steps, resume, device, "face restoration")
    restorer_cfg = restorer_config(settings)
    with Run(config) as run:
        restorer = FaceRestorer(restorer_cfg)
        if settings.restore_from:
            from ..importer import read_gfpgan

            restorer.load_state_dict(read_gfpgan(Path(settings.restore_from))[1])
        wrapped = run.wrap(restorer)
        critics = run.wrap(make_critics(restorer_cfg.out_size))
        for net in (perceptual, identity):
            if net is not None:
                net.to(run.device)
        opt_g = torch.optim.Adam(wrapped.parameters(), lr=settings.restore_lr, betas=GFP_BETAS)
        opt_d = torch.optim.Adam(critics.parameters(), lr=settings.restore_lr, betas=GFP_BETAS)
        run.track(restorer=wrapped, critics=critics, opt_g=opt_g, opt_d=opt_d)
        run.resume()
        loader = run.loader(
            DegradedFaces(faces, restorer_cfg.out_size, settings.seed), settings.restore_batch_size
        )
        adversarial = bool(settings.lambda_adv or settings.lambda_local or settings.lambda_fs)
        for degraded, clean in run.batches(loader):
            degraded, clean = degraded.to(run.device), clean.to(run.device)
            with run.autocast():
                restored, pyramid = wrapped(degraded)
                terms = restoration_losses(
                    restored, pyramid, clean, critics, settings, perceptual, identity
                )
                loss_g = sum(terms.values())
            opt_g.zero_grad(set_to_none=True)
            run.backward(loss_g, opt_g)
            if adversarial:
                with run.autocast():
                    loss_d = critic_loss(critics, restored, clean, settings)
                opt_d.zero_grad(set_to_none=True)
                run.backward(loss_d, opt_d)
            with torch.no_grad():
                degraded_l1 = F.l1_loss(degraded, clean)
            run.log(
                loss_g=loss_g.detach(),
                l1_restored=F.l1_loss(restored.detach(), clean),
                l1_degraded=degraded_l1,
                **{k: v.detach() for k, v in terms.items()},
            )
            run.next_step()
    return run.export_state(restorer)
