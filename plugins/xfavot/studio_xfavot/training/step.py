"""One training iteration: the discriminator/classifier step (Eq. 7) then the generator step
(Eq. 6), for both modalities with one style source per iteration.

A batch is a dict of tensors: ``face`` (B, 3, S, S) in [-1, 1], ``mel`` (B, 1, 80, T) with
T % 4 == 0, ``gender`` (B,), ``speaker`` (B,) (-1 = unknown, e.g. image-only data),
``paired`` (B,) bool (audio and face of the same person: L_csc applies, Table 1), and the same
five for the references ``ref_*`` and the second references ``ref2_face``/``ref2_mel`` used by
the diversity term; with ``csc_pairs`` also ``csc_mel``, ``csc_face`` and ``csc_gender``,
L_csc's own pairs. Style sources cycle image -> audio -> latent (the ratio is [U]).
"""

from __future__ import annotations

import torch

from . import losses
from .nets import DISCRIMINATOR_SIDE, GENERATOR_SIDE, Nets, update_ema
from .settings import Settings

SOURCES = ("image", "audio", "latent")


def style_source(step: int) -> str:
    return SOURCES[step % len(SOURCES)]


def audio_heads(
    gender: torch.Tensor, speaker: torch.Tensor, num_genders: int, rng: torch.Generator
) -> torch.Tensor:
    """Per sample, D^au's gender head or speaker head at random (Sec. 3.2); gender only when the
    speaker is unknown (image-only data, Table 1)."""
    coin = torch.rand(len(gender), generator=rng) < 0.5
    use_speaker = coin.to(gender.device) & (speaker >= 0)
    return torch.where(use_speaker, num_genders + speaker.clamp_min(0), gender)


def make_styles(
    nets: Nets, batch: dict, source: str, which: str, rng: torch.Generator
) -> torch.Tensor:
    """s from E^im_g~(ref face), E^au_g~(ref mel) or F_{g~,y~}(z)."""
    t = nets.trainable
    gender = batch["ref_gender"]
    if source == "image":
        return t["style_image"](batch[f"{which}_face"], gender)
    if source == "audio":
        return t["style_audio"](batch[f"{which}_mel"], gender)
    z = torch.randn(len(gender), nets.config.mapping.latent_dim, generator=rng).to(gender.device)
    heads = audio_heads(gender, batch["ref_speaker"], nets.config.mapping.num_genders, rng)
    return t["mapping"](z, heads)


def f0_features(nets: Nets, mel: torch.Tensor) -> torch.Tensor | None:
    return nets.f0.gan_feature(mel) if nets.config.audio.f0_channel else None


def discriminator_step(
    nets: Nets, batch: dict, settings: Settings, step: int, rng: torch.Generator
) -> dict[str, float]:
    t, w = nets.trainable, settings.weights
    k_g = nets.config.audio.num_genders
    # R1 on every r1_every-th step only, weighted by r1_every (StyleGAN2's "lazy" R1): the
    # double backward is a large share of a CPU step. r1_every = 1 is SG2/SVC's schedule.
    with_r1 = step % settings.r1_every == 0
    face = batch["face"].requires_grad_(with_r1)
    mel = batch["mel"].requires_grad_(with_r1)
    real_im = t["discriminator_image"](face, batch["gender"])
    heads = audio_heads(batch["gender"], batch["speaker"], k_g, rng)
    real_au = t["discriminator_audio"].logit(mel, heads)
    with torch.no_grad():
        s = make_styles(nets, batch, style_source(step), "ref", rng)
        fake_face = t["generator_image"](batch["face"], s)
        fake_mel = t["generator_audio"](batch["mel"], s, f0_features(nets, batch["mel"]))
    ref_heads = audio_heads(batch["ref_gender"], batch["ref_speaker"], k_g, rng)
    fake_im = t["discriminator_image"](fake_face, batch["ref_gender"])
    fake_au = t["discriminator_audio"].logit(fake_mel, ref_heads)
    terms = {
        "d_adv_image": losses.adversarial(real_im, True) + losses.adversarial(fake_im, False),
        "d_adv_audio": losses.adversarial(real_au, True) + losses.adversarial(fake_au, False),
    }
    terms["d_r1"] = (
        losses.r1_penalty(real_im, face) + losses.r1_penalty(real_au, mel)
        if with_r1
        else torch.zeros((), device=mel.device)
    )
    known = batch["speaker"] >= 0
    logits = t["classifier"](fake_mel)
    # C learns the SOURCE gender and speaker of converted speech (L_cls): its 130 outputs are
    # a 2-class gender and a 128-class speaker classifier (Sec. 3.1; shared/specs/xfavot.md §2.5).
    cls = losses.source_gender(logits, batch["gender"], k_g)
    if known.any():
        cls = cls + losses.source_classifier(logits[known], batch["speaker"][known], k_g)
    terms["d_cls"] = cls
    total = (
        terms["d_adv_image"]
        + terms["d_adv_audio"]
        + w.reg * settings.r1_every * terms["d_r1"]
        + w.cls * cls
    )
    _apply(nets, DISCRIMINATOR_SIDE, total)
    face.requires_grad_(False)
    mel.requires_grad_(False)
    return {name: float(value.detach()) for name, value in {**terms, "d_total": total}.items()}


def generator_terms(
    nets: Nets, batch: dict, settings: Settings, step: int, rng: torch.Generator
) -> dict[str, torch.Tensor]:
    """Every term of Eq. 6 (unweighted) for one batch; ``g_total`` is the weighted sum."""
    t, w = nets.trainable, settings.weights
    k_g = nets.config.audio.num_genders
    face, mel, g_ref = batch["face"], batch["mel"], batch["ref_gender"]
    source = style_source(step)
    s1 = make_styles(nets, batch, source, "ref", rng)
    s2 = make_styles(nets, batch, source, "ref2", rng)
    f0_real = f0_features(nets, mel)
    fake_face = t["generator_image"](face, s1)
    fake_mel = t["generator_audio"](mel, s1, f0_real)
    ref_heads = audio_heads(g_ref, batch["ref_speaker"], k_g, rng)
    terms: dict[str, torch.Tensor] = {
        "adv": losses.adversarial(t["discriminator_image"](fake_face, g_ref), True)
        + losses.adversarial(t["discriminator_audio"].logit(fake_mel, ref_heads), True),
        "sty": losses.style_reconstruction(s1, t["style_image"](fake_face, g_ref))
        + losses.style_reconstruction(s1, t["style_audio"](fake_mel, g_ref)),
    }
    fake_face2 = t["generator_image"](face, s2)
    fake_mel2 = t["generator_audio"](mel, s2, f0_real)
    if settings.ds_in_output_space:
        terms["ds"] = losses.diversity(fake_face, fake_face2) + losses.diversity(
            fake_mel, fake_mel2
        )
    else:  # Eq. 3 as printed: in style-encoder space
        terms["ds"] = losses.diversity(
            t["style_image"](fake_face, g_ref), t["style_image"](fake_face2, g_ref)
        ) + losses.diversity(t["style_audio"](fake_mel, g_ref), t["style_audio"](fake_mel2, g_ref))
    own_image = t["style_image"](face, batch["gender"])
    own_audio = t["style_audio"](mel, batch["gender"])
    rec_face = t["generator_image"](fake_face, own_image)
    rec_mel = t["generator_audio"](fake_mel, own_audio, f0_features(nets, fake_mel))
    terms["cyc"] = losses.cycle(face, rec_face) + losses.cycle(mel, rec_mel)
    terms["norm"] = losses.energy(mel, fake_mel)
    zero = torch.zeros((), device=mel.device)
    terms["f0"] = zero
    if nets.f0 is not None and settings.use_f0:
        terms["f0"] = losses.f0_contour(nets.f0(mel)[0], nets.f0(fake_mel)[0])
    terms["asr"] = zero
    if nets.asr is not None and settings.use_asr:
        terms["asr"] = losses.asr_features(nets.asr.features(mel), nets.asr.features(fake_mel))
    known = batch["ref_speaker"] >= 0
    terms["advcls"] = zero
    if known.any():  # fool C into hearing the reference speaker (L_adcl)
        terms["advcls"] = losses.source_classifier(
            t["classifier"](fake_mel[known]), batch["ref_speaker"][known], k_g
        )
    terms["csc"] = zero
    if "csc_mel" in batch:  # L_csc over its own N pairs (settings.csc_pairs)
        terms["csc"] = losses.cross_modal_consistency(
            t["style_audio"](batch["csc_mel"], batch["csc_gender"]),
            t["style_image"](batch["csc_face"], batch["csc_gender"]),
            w.tau,
        )
    elif int(batch["paired"].sum()) >= 2:  # audio-visual samples only (Table 1)
        paired = batch["paired"]
        terms["csc"] = losses.cross_modal_consistency(own_audio[paired], own_image[paired], w.tau)
    ds_weight = w.ds * _ds_decay(settings, step)
    terms["g_total"] = (
        terms["adv"]
        + w.sty * terms["sty"]
        - ds_weight * terms["ds"]
        + w.cyc * terms["cyc"]
        + w.asr * terms["asr"]
        + w.f0 * terms["f0"]
        + w.norm * terms["norm"]
        + w.advcls * terms["advcls"]
        + w.csc * terms["csc"]
    )
    return terms


def generator_step(
    nets: Nets, batch: dict, settings: Settings, step: int, rng: torch.Generator
) -> dict[str, float]:
    terms = generator_terms(nets, batch, settings, step, rng)
    roles = generator_roles(settings, step)
    override = None
    if csc_only_for_encoders(settings, step):
        override = _gradients_of(nets, CSC_ROLES, settings.weights.csc * terms["csc"])
    _apply(nets, roles, terms["g_total"], override)
    update_ema(nets, settings.ema)
    return {
        f"g_{name}" if name != "g_total" else name: float(v.detach()) for name, v in terms.items()
    }


def generator_roles(settings: Settings, step: int) -> tuple[str, ...]:
    """What the generator step updates. SG2 steps the style encoders and F only when the
    style came from F(z): on a reference-guided step their L_sty target is their own output,
    and both sides can shrink towards one style per head (measured: the styles collapsed)."""
    if _every_term_reaches_encoders(settings, step):
        return GENERATOR_SIDE
    if settings.csc_every_step:
        return ("generator_image", "generator_audio", *CSC_ROLES)
    return ("generator_image", "generator_audio")


CSC_ROLES = ("style_image", "style_audio")


def _every_term_reaches_encoders(settings: Settings, step: int) -> bool:
    return settings.encoders_learn_from_references or style_source(step) == "latent"


def csc_only_for_encoders(settings: Settings, step: int) -> bool:
    """True on the steps where the style encoders learn from L_csc alone (``csc_every_step``
    on a reference-guided step of the SG2 schedule)."""
    return settings.csc_every_step and not _every_term_reaches_encoders(settings, step)


def _gradients_of(
    nets: Nets, roles: tuple[str, ...], loss: torch.Tensor
) -> dict[torch.nn.Parameter, torch.Tensor | None]:
    """d loss / d parameters of ``roles``, leaving the graph for the full backward."""
    params = [p for role in roles for p in nets.trainable[role].parameters()]
    if not loss.requires_grad:  # no paired rows in the batch: L_csc is a constant 0
        return dict.fromkeys(params)
    grads = torch.autograd.grad(loss, params, retain_graph=True, allow_unused=True)
    return dict(zip(params, grads))


def _ds_decay(settings: Settings, step: int) -> float:
    if settings.ds_decay_steps <= 0:
        return 1.0
    return max(0.0, 1.0 - step / settings.ds_decay_steps)


def _apply(
    nets: Nets,
    roles: tuple[str, ...],
    loss: torch.Tensor,
    override: dict[torch.nn.Parameter, torch.Tensor | None] | None = None,
) -> None:
    """Backward ``loss`` and step ``roles``; parameters in ``override`` take its gradients
    instead (None: no step for that parameter)."""
    for optimiser in nets.optimisers.values():
        optimiser.zero_grad(set_to_none=True)
    loss.backward()
    for param, grad in (override or {}).items():
        param.grad = grad
    for role in roles:
        nets.optimisers[role].step()
