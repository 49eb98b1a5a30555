"""The two stages of the recipe, each a resumable run of ``studio.ml.training``.

Stage 1 trains the voice embedding network as a speaker classifier (cross-entropy over the
training identities; the maintainers describe the pretrained F_e this way). Stage 2 is
Algorithm 1 with F_e frozen: D and C (one shared trunk) step on real and generated faces,
then G steps on fooling D and on C recognising the voice's identity in its face.
"""

from __future__ import annotations

import copy
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

from studio.ml.training import Run, stage_config

from ..networks import (
    Classifier,
    FaceConfig,
    FaceEmbedNet,
    Generator,
    GeneratorConfig,
    VoiceConfig,
    VoiceEmbedNet,
)
from .data import Corpus, VoiceCrops, VoicesAndFaces, crop_collate
from .diffaugment import diff_augment
from .settings import TrainSettings
from .smooth_init import smooth_upsampling_init


class SpeakerClassifier(nn.Module):
    """F_e with the identity head and, in the demo preset, a linear head for the traits."""

    def __init__(self, voice: VoiceEmbedNet, speakers: int, embedding: int, traits: int) -> None:
        super().__init__()
        self.voice = voice
        self.head = Classifier(embedding, speakers)
        self.traits = nn.Linear(embedding, traits) if traits else None

    def forward(self, mel: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        features = self.voice(mel)
        # The traits are read from the normalised embedding: the one the generator receives.
        traits = self.traits(F.normalize(features.flatten(1))) if self.traits else None
        return self.head(features), traits


class Critic(nn.Module):
    """F_d and F_c: one face trunk shared by the real/fake head and the identity head."""

    def __init__(self, config: FaceConfig, speakers: int) -> None:
        super().__init__()
        self.trunk = FaceEmbedNet(config)
        self.real = Classifier(config.embedding, 1)
        self.identity = Classifier(config.embedding, speakers)

    def forward(self, face: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.trunk(face)
        return self.real(features).squeeze(1), self.identity(features)


def voice_config(settings: TrainSettings) -> VoiceConfig:
    return VoiceConfig(channels=settings.voice_channels, embedding=settings.embedding)


def generator_config(settings: TrainSettings) -> GeneratorConfig:
    return GeneratorConfig(embedding=settings.embedding, channels=settings.generator_channels)


def train_embedding(
    settings: TrainSettings, corpus: Corpus, out: Path, resume: bool, device
) -> dict:
    config = stage_config(
        settings, out, settings.embedding_steps, resume, device, "voice embedding"
    )
    with Run(config) as run:
        voice = VoiceEmbedNet(voice_config(settings))
        with_traits = corpus.traits is not None  # loaded by the recipe when trait_weight > 0
        traits = torch.from_numpy(corpus.traits).to(run.device) if with_traits else None
        model = run.wrap(
            SpeakerClassifier(
                voice, len(corpus.names), settings.embedding, traits.shape[1] if with_traits else 0
            )
        )
        optimizer = torch.optim.Adam(model.parameters(), lr=settings.embedding_lr)
        run.track(model=model, optimizer=optimizer)
        run.resume()
        loader = run.loader(
            VoiceCrops(corpus, settings.max_frames),
            settings.embedding_batch_size,
            collate_fn=crop_collate(settings.min_frames, settings.max_frames),
        )
        for mel, labels in run.batches(loader):
            mel, labels = mel.to(run.device), labels.to(run.device)
            with run.autocast():
                logits, predicted = model(mel)
                loss = F.cross_entropy(logits, labels)
                if with_traits:
                    loss_traits = F.mse_loss(predicted.float(), traits[labels])
                    loss = loss + settings.trait_weight * loss_traits
            optimizer.zero_grad(set_to_none=True)
            run.backward(loss, optimizer)
            run.log(
                **({"loss_traits": loss_traits.detach()} if with_traits else {}),
                loss=loss.detach(),
                accuracy=(logits.argmax(1) == labels).float().mean(),
            )
            run.next_step()
    return run.export_state(voice)


def train_gan(
    settings: TrainSettings, corpus: Corpus, voice_state: dict, out: Path, resume: bool, device
) -> dict:
    config = stage_config(settings, out, settings.steps, resume, device, "face generator")
    with Run(config) as run:
        voice = VoiceEmbedNet(voice_config(settings))
        voice.load_state_dict(voice_state)
        voice = voice.to(run.device).eval().requires_grad_(False)
        generator = Generator(generator_config(settings))
        if settings.smooth_init:
            smooth_upsampling_init(generator)
        wrapped_generator = run.wrap(generator)
        critic = run.wrap(
            Critic(
                FaceConfig(channels=settings.face_channels, embedding=settings.embedding),
                len(corpus.names),
            )
        )
        betas = (settings.beta1, settings.beta2)
        opt_g = torch.optim.Adam(wrapped_generator.parameters(), lr=settings.lr, betas=betas)
        opt_critic = torch.optim.Adam(critic.parameters(), lr=settings.lr, betas=betas)
        run.track(generator=wrapped_generator, critic=critic, opt_g=opt_g, opt_critic=opt_critic)
        ema = average_of(generator) if settings.ema_decay else None
        if ema is not None:
            run.track(generator_ema=ema)
        run.resume()
        pixel = settings.pixel_weight > 0
        seen = diff_augment if settings.diffaugment else _unchanged
        loader = run.loader(
            VoicesAndFaces(corpus, settings.max_frames, settings.flip, own_faces=pixel),
            settings.batch_size,
            collate_fn=crop_collate(settings.min_frames, settings.max_frames),
        )
        for mel, voice_labels, faces, face_labels, *own in run.batches(loader):
            mel, faces = mel.to(run.device), faces.to(run.device)
            voice_labels, face_labels = voice_labels.to(run.device), face_labels.to(run.device)
            with torch.no_grad():  # F_e is frozen; the official code perturbs its output
                embedding = F.normalize(voice(mel))
                embedding = F.normalize(embedding + settings.noise * torch.randn_like(embedding))
            with run.autocast():
                fake = wrapped_generator(embedding)
                # D and C step: real faces are real and of their identity, generated ones fake.
                realness, identity = critic(seen(torch.cat([faces, fake.detach()])))
                n = faces.shape[0]
                loss_d = F.binary_cross_entropy_with_logits(
                    realness[:n], torch.ones_like(realness[:n])
                ) + (
                    F.binary_cross_entropy_with_logits(realness[n:], torch.zeros_like(realness[n:]))
                )
                loss_c = F.cross_entropy(identity[:n], face_labels)
            opt_critic.zero_grad(set_to_none=True)
            run.backward(loss_d + loss_c, opt_critic)
            with run.autocast():
                # G step: fool D, and make C see the voice's identity in the face.
                fake_realness, fake_identity = critic(seen(fake))
                loss_real = F.binary_cross_entropy_with_logits(
                    fake_realness, torch.ones_like(fake_realness)
                )
                loss_id = F.cross_entropy(fake_identity, voice_labels)
                loss_g = loss_real + loss_id
                if pixel:  # the demo's anchor: the face of the voice's own identity
                    loss_pixel = F.l1_loss(
                        pooled(fake, settings.pixel_size),
                        pooled(own[0].to(run.device), settings.pixel_size),
                    )
                    loss_g = loss_g + settings.pixel_weight * loss_pixel
            opt_g.zero_grad(set_to_none=True)
            run.backward(loss_g, opt_g)
            if ema is not None:
                follow(ema, generator, settings.ema_decay)
            run.log(
                **({"loss_pixel": loss_pixel.detach()} if pixel else {}),
                loss_d=loss_d.detach(),
                loss_c=loss_c.detach(),
                loss_g=loss_real.detach(),
                loss_g_id=loss_id.detach(),
                d_real=torch.sigmoid(realness[:n]).mean().detach(),
                d_fake=torch.sigmoid(realness[n:]).mean().detach(),
                c_accuracy=(identity[:n].argmax(1) == face_labels).float().mean(),
            )
            run.next_step()
    return run.export_state(ema if ema is not None else generator)


def _unchanged(faces: torch.Tensor) -> torch.Tensor:
    return faces


def pooled(faces: torch.Tensor, size: int) -> torch.Tensor:
    """``faces`` average-pooled to ``size`` px: a pixel term at that size anchors layout and
    colour and leaves the detail to the adversary."""
    return faces if faces.shape[-1] == size else F.adaptive_avg_pool2d(faces, size)


def average_of(module: nn.Module) -> nn.Module:
    """A frozen copy of ``module`` that ``follow`` moves towards it after every step."""
    return copy.deepcopy(module).requires_grad_(False)


@torch.no_grad()
def follow(average: nn.Module, module: nn.Module, decay: float) -> None:
    for shadow, live in zip(average.parameters(), module.parameters(), strict=True):
        shadow.lerp_(live, 1.0 - decay)
    for shadow, live in zip(average.buffers(), module.buffers(), strict=True):
        shadow.copy_(live)
