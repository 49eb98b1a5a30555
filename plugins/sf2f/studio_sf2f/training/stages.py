"""The two stages of the recipe (section 4, Fig. 3), each a resumable ``studio.ml.training`` run.

Stage 1 trains the encoder and decoder on single 1-1.5 s segments against D_real and D_id.
Stage 2 freezes them (eval mode, no gradients: their weights and BatchNorm statistics stay
bitwise as stage 1 left them) and trains the fuser alone on 6-25 s of a speaker's audio,
with the same L_conj scored by the frozen stage-1 discriminators.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from studio.ml.training import Run, stage_config

from ..model import SF2F
from ..networks import (
    DecoderConfig,
    Discriminator,
    DiscriminatorConfig,
    EncoderConfig,
    FuserConfig,
)
from . import losses
from .data import Corpus, Segments, SpeakerAudio, frames_for, fused_collate, segment_collate
from .settings import TrainSettings


def encoder_config(settings: TrainSettings) -> EncoderConfig:
    return EncoderConfig(branch_channels=settings.branch_channels)


def decoder_config(settings: TrainSettings) -> DecoderConfig:
    return DecoderConfig(
        embedding=encoder_config(settings).embedding,
        channels=settings.decoder_channels,
        resolutions=settings.resolutions,
    )


def loss_weights(settings: TrainSettings) -> losses.Weights:
    return losses.Weights(
        settings.l1_weight,
        settings.adversarial_weight,
        settings.identity_weight,
        settings.perceptual_weight,
    )


def critics(settings: TrainSettings, identities: int) -> nn.ModuleDict:
    """D_real and D_id for every trained resolution."""
    found = {}
    for size in settings.resolutions:
        for role, outputs in (("real", 2), ("id", identities)):
            found[f"{role}{size}"] = Discriminator(
                DiscriminatorConfig(
                    channels=settings.discriminator_channels,
                    hidden=settings.discriminator_hidden,
                    outputs=outputs,
                    image_size=size,
                )
            )
    return nn.ModuleDict(found)


class SegmentGenerator(nn.Module):
    """Stage 1's generator: one segment -> e -> faces (the encoder-decoder without fuser)."""

    def __init__(self, model: SF2F) -> None:
        super().__init__()
        self.encoder = model.encoder
        self.decoder = model.decoder

    def forward(self, mel: torch.Tensor) -> dict[int, torch.Tensor]:
        return self.decoder(self.encoder(mel))


def critic_step(
    critic: nn.ModuleDict,
    optimizer: torch.optim.Optimizer,
    real: dict[int, torch.Tensor],
    fake: dict[int, torch.Tensor],
    labels: torch.Tensor,
    run: Run | None = None,
) -> dict[str, torch.Tensor]:
    """D_real learns real vs generated; D_id learns the identities of real faces (L_id)."""
    loss_real_fake, loss_id = 0.0, 0.0
    for size, faces in real.items():
        n = faces.shape[0]
        logits = critic[f"real{size}"](torch.cat([faces, fake[size].detach()]))
        loss_real_fake = loss_real_fake + losses.discriminator_real_fake(logits[:n], logits[n:])
        loss_id = loss_id + losses.identity(critic[f"id{size}"](faces), labels)
    total = loss_real_fake + loss_id
    optimizer.zero_grad(set_to_none=True)
    _backward(total, optimizer, run)
    return {"loss_d": loss_real_fake.detach(), "loss_id": loss_id.detach()}


def generator_terms(
    critic: nn.ModuleDict,
    real: dict[int, torch.Tensor],
    fake: dict[int, torch.Tensor],
    labels: torch.Tensor,
    embedder: nn.Module | None = None,
) -> dict[str, torch.Tensor]:
    """L_1, L_G, L_C (and L_P with a face embedder), summed over the output resolutions."""
    terms: dict[str, torch.Tensor] = {}

    def add(name: str, value: torch.Tensor) -> None:
        terms[name] = terms[name] + value if name in terms else value

    for size, faces in real.items():
        add("l1", losses.l1(faces, fake[size]))
        add(
            "adversarial",
            losses.adversarial_generator(_on_fakes(critic[f"real{size}"], faces, fake[size])),
        )
        add("identity", losses.identity(_on_fakes(critic[f"id{size}"], faces, fake[size]), labels))
        if embedder is not None:
            add("perceptual", losses.perceptual(embedder, faces, fake[size]))
    return terms


def _on_fakes(critic: nn.Module, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """The critic's logits for the fakes, scored in a batch with the real faces as in its own
    step: in training mode BatchNorm normalises by batch statistics, and a fakes-only batch
    would be normalised differently from what the critic learnt on."""
    return critic(torch.cat([real, fake]))[real.shape[0] :]


def _backward(loss: torch.Tensor, optimizer: torch.optim.Optimizer, run: Run | None) -> None:
    if run is None:
        loss.backward()
        optimizer.step()
    else:
        run.backward(loss, optimizer)


def fuser_step(
    model: SF2F,
    critic: nn.ModuleDict,
    optimizer: torch.optim.Optimizer,
    mels: torch.Tensor,
    labels: torch.Tensor,
    faces: dict[int, torch.Tensor],
    weights: losses.Weights,
    run: Run | None = None,
    embedder: nn.Module | None = None,
) -> dict[str, torch.Tensor]:
    """One stage-2 step: only the fuser's parameters receive gradients and change."""
    with torch.no_grad():
        segments = model.embed_segments(mels)
    fused, _ = model.fuser(segments)
    fake = model.decoder(fused)
    terms = generator_terms(critic, faces, fake, labels, embedder)
    loss = losses.conjugated(terms, weights)
    optimizer.zero_grad(set_to_none=True)
    _backward(loss, optimizer, run)
    return {name: value.detach() for name, value in terms.items()} | {"loss": loss.detach()}


def freeze_for_stage_two(model: SF2F, critic: nn.ModuleDict) -> None:
    for frozen in (model.encoder, model.decoder, critic):
        frozen.eval().requires_grad_(False)
    model.fuser.train().requires_grad_(True)


def segments_for(seconds: float, window: float = 1.25) -> int:
    """Windows of ``window`` s at 50% overlap in ``seconds`` of audio, without padding."""
    return 1 + int((seconds - window) // (window / 2) + 1e-9)


def face_embedder(settings: TrainSettings, device):
    """FaceNet for L_P when ``face_embedder`` names its checkpoint, else None (no L_P)."""
    if not settings.face_embedder:
        return None
    from ..facenet import load_face_embedder

    return load_face_embedder(settings.face_embedder, device)


def train_stage_one(
    settings: TrainSettings, corpus: Corpus, out: Path, resume: bool, device
) -> tuple[dict, dict]:
    """Encoder + decoder (+ D_real, D_id); returns the trained model's and critics' states."""
    config = stage_config(settings, out, settings.steps, resume, device, "stage 1: encoder+decoder")
    with Run(config) as run:
        model = SF2F(encoder_config(settings), decoder=decoder_config(settings))
        generator = run.wrap(SegmentGenerator(model))
        critic = run.wrap(critics(settings, len(corpus.names)))
        betas = (settings.beta1, settings.beta2)
        opt_g = torch.optim.Adam(generator.parameters(), lr=settings.lr, betas=betas)
        opt_d = torch.optim.Adam(critic.parameters(), lr=settings.discriminator_lr, betas=betas)
        run.track(generator=generator, critic=critic, opt_g=opt_g, opt_d=opt_d)
        run.resume()
        features = corpus.features
        loader = run.loader(
            Segments(corpus, settings.flip),
            settings.batch_size,
            collate_fn=segment_collate(
                frames_for(settings.min_seconds, features),
                frames_for(settings.max_seconds, features),
            ),
        )
        weights = loss_weights(settings)
        embedder = face_embedder(settings, run.device)
        for mel, labels, faces in run.batches(loader):
            mel, labels = mel.to(run.device), labels.to(run.device)
            faces = {size: face.to(run.device) for size, face in faces.items()}
            with run.autocast():
                fake = generator(mel)
                logged = critic_step(critic, opt_d, faces, fake, labels, run)
                terms = generator_terms(critic, faces, fake, labels, embedder)
                loss = losses.conjugated(terms, weights)
            opt_g.zero_grad(set_to_none=True)
            run.backward(loss, opt_g)
            run.log(loss=loss.detach(), **{k: v.detach() for k, v in terms.items()}, **logged)
            run.next_step()
    return run.export_state(model), run.export_state(critic)


def train_stage_two(
    settings: TrainSettings,
    corpus: Corpus,
    model_state: dict,
    critic_state: dict,
    out: Path,
    resume: bool,
    device,
) -> dict:
    """The fuser alone, on 6-25 s of each speaker's audio; returns the whole model's state."""
    config = stage_config(settings, out, settings.fuser_steps, resume, device, "stage 2: fuser")
    with Run(config) as run:
        embedding = encoder_config(settings).embedding
        model = SF2F(encoder_config(settings), FuserConfig(embedding), decoder_config(settings))
        fresh_fuser = {k: v for k, v in model.state_dict().items() if k.startswith("fuser.")}
        model.load_state_dict(model_state | fresh_fuser)  # stage 1 never trained the fuser
        if not config.resume:
            model.fuser.init_as_mean()
        critic = critics(settings, len(corpus.names))
        critic.load_state_dict(critic_state)
        model, critic = model.to(run.device), critic.to(run.device)
        freeze_for_stage_two(model, critic)
        # The fuser is the only trained part, so only it is wrapped for data parallelism.
        plain_fuser = model.fuser
        model.fuser = run.wrap(plain_fuser)
        optimizer = torch.optim.Adam(
            model.fuser.parameters(), lr=settings.lr, betas=(settings.beta1, settings.beta2)
        )
        run.track(fuser=model.fuser, opt_fuser=optimizer)
        run.resume()
        window = frames_for(corpus.features.window_seconds, corpus.features)
        loader = run.loader(
            SpeakerAudio(corpus, settings.flip),
            settings.fuser_batch_size,
            drop_last=len(corpus.names) >= settings.fuser_batch_size,
            collate_fn=fused_collate(
                window,
                segments_for(settings.fused_min_seconds),
                segments_for(settings.fused_max_seconds),
            ),
        )
        weights = loss_weights(settings)
        for mels, labels, faces in run.batches(loader):
            mels, labels = mels.to(run.device), labels.to(run.device)
            faces = {size: face.to(run.device) for size, face in faces.items()}
            with run.autocast():
                logged = fuser_step(model, critic, optimizer, mels, labels, faces, weights, run)
            run.log(segments=float(mels.shape[1]), **logged)
            run.next_step()
    model.fuser = plain_fuser
    return run.export_state(model)
