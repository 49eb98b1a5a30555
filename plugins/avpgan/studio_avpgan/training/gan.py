"""The GAN stage of Algorithm 1, in the minimisation form of shared/specs/avpgan.md §3.1.

fake = G(normalize(e(v))) with e frozen;
L_D = BCE(D(real), 1) + BCE(D(fake), 0) and L_C = CE(C(real), face identity): one step of the
shared critic on L_D + L_C; then L_G = BCE(D(fake), 1) + CE(C(fake), voice identity): one step
of G. Every network uses Adam (lr 2e-4, betas 0.5/0.999). The per-sample weight w_n of Eqs.
12 and 14 has the paper's default, 1.

Outside the paper, and off in its preset: ``pixel_weight`` adds an L1 pull of G(v) towards a
face of the voice's own identity, and ``ema_decay`` exports a moving average of G, the two
stabilisers wen2019's demo recipe uses for a GAN that cannot converge in a CPU budget alone.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch.nn import functional as F

from studio.ml.training import Run, stage_config

from ..networks import Critic, CriticConfig, Generator, GeneratorConfig
from .settings import TrainSettings


def generator_config(settings: TrainSettings) -> GeneratorConfig:
    return GeneratorConfig(
        embedding=settings.embedding,
        channels=settings.generator_channels,
        cbam_after=settings.cbam_generator,
        cbam_reduction=settings.cbam_reduction,
        tanh=settings.tanh,
    )


def critic_config(settings: TrainSettings, identities: int) -> CriticConfig:
    return CriticConfig(
        channels=settings.face_channels,
        embedding=settings.embedding,
        identities=identities,
        cbam_after=settings.cbam_critic,
        cbam_reduction=settings.cbam_reduction,
    )


def adam(parameters, settings: TrainSettings) -> torch.optim.Adam:
    return torch.optim.Adam(parameters, lr=settings.lr, betas=(settings.beta1, settings.beta2))


def critic_losses(
    critic: Critic, faces: torch.Tensor, fake: torch.Tensor, face_labels: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
    """L_D and L_C on real faces and (detached) generated ones."""
    realness, identity = critic(torch.cat([faces, fake.detach()]))
    n = faces.shape[0]
    loss_d = F.binary_cross_entropy_with_logits(
        realness[:n], torch.ones_like(realness[:n])
    ) + F.binary_cross_entropy_with_logits(realness[n:], torch.zeros_like(realness[n:]))
    loss_c = F.cross_entropy(identity[:n], face_labels)
    seen = {
        "d_real": torch.sigmoid(realness[:n]).mean(),
        "d_fake": torch.sigmoid(realness[n:]).mean(),
        "c_accuracy": (identity[:n].argmax(1) == face_labels).float().mean(),
    }
    return loss_d, loss_c, seen


def generator_losses(
    critic: Critic, fake: torch.Tensor, voice_labels: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """The two terms of L_G: D should call the face real, C should see the voice's identity."""
    realness, identity = critic(fake)
    return (
        F.binary_cross_entropy_with_logits(realness, torch.ones_like(realness)),
        F.cross_entropy(identity, voice_labels),
    )


def embed(voice, mel: torch.Tensor, noise: float) -> torch.Tensor:
    """normalize(e(v)), perturbed by V2F's training noise and renormalised."""
    with torch.no_grad():
        embedding = F.normalize(voice(mel))
        if noise > 0:
            embedding = F.normalize(embedding + noise * torch.randn_like(embedding))
    return embedding


def train_gan(
    settings: TrainSettings, corpus, voice, out: Path, resume: bool, device
) -> dict[str, torch.Tensor]:
    """Algorithm 1 steps 4-9 on ``corpus`` (wen2019's training corpus) with ``voice`` frozen."""
    from studio_wen2019.training.data import VoicesAndFaces, crop_collate
    from studio_wen2019.training.stages import average_of, follow

    config = stage_config(settings, out, settings.steps, resume, device, "AVP-GAN face generator")
    with Run(config) as run:
        voice = voice.to(run.device)
        generator = Generator(generator_config(settings))
        wrapped = run.wrap(generator)
        critic = run.wrap(Critic(critic_config(settings, len(corpus.names))))
        opt_g, opt_critic = (
            adam(wrapped.parameters(), settings),
            adam(critic.parameters(), settings),
        )
        run.track(generator=wrapped, critic=critic, opt_g=opt_g, opt_critic=opt_critic)
        ema = average_of(generator) if settings.ema_decay else None
        if ema is not None:
            run.track(generator_ema=ema)
        run.resume()
        pixel = settings.pixel_weight > 0
        loader = run.loader(
            VoicesAndFaces(corpus, settings.max_frames, settings.flip, own_faces=pixel),
            settings.batch_size,
            collate_fn=crop_collate(settings.min_frames, settings.max_frames),
        )
        for mel, voice_labels, faces, face_labels, *own in run.batches(loader):
            mel, faces = mel.to(run.device), faces.to(run.device)
            voice_labels, face_labels = voice_labels.to(run.device), face_labels.to(run.device)
            embedding = embed(voice, mel, settings.noise)
            with run.autocast():
                fake = wrapped(embedding)
                loss_d, loss_c, seen = critic_losses(critic, faces, fake, face_labels)
            opt_critic.zero_grad(set_to_none=True)
            run.backward(loss_d + loss_c, opt_critic)
            with run.autocast():
                loss_fool, loss_id = generator_losses(critic, fake, voice_labels)
                loss_g = loss_fool + loss_id
                if pixel:
                    loss_pixel = F.l1_loss(fake, own[0].to(run.device))
                    loss_g = loss_g + settings.pixel_weight * loss_pixel
            opt_g.zero_grad(set_to_none=True)
            run.backward(loss_g, opt_g)
            if ema is not None:
                follow(ema, generator, settings.ema_decay)
            run.log(
                **({"loss_pixel": loss_pixel.detach()} if pixel else {}),
                loss_d=loss_d.detach(),
                loss_c=loss_c.detach(),
                loss_g=loss_fool.detach(),
                loss_g_id=loss_id.detach(),
                **{k: v.detach() for k, v in seen.items()},
            )
            run.next_step()
    return run.export_state(ema if ema is not None else generator)
