"""The recipe: L_csc's bounds, every loss term's gradient in one tiny step, Eq. 6's weights,
the optimiser settings of App. A and the Table 1 switches."""

from __future__ import annotations

import math

import pytest
import torch
from xfavot_fixtures import TINY

from studio_xfavot.networks.asr import ASRConfig, ASRNet
from studio_xfavot.networks.jdc import JDCNet
from studio_xfavot.training import losses
from studio_xfavot.training.nets import build_nets
from studio_xfavot.training.settings import LossWeights, Settings
from studio_xfavot.training.step import discriminator_step, generator_step, generator_terms

SETTINGS = Settings(batch=3, crop_frames=96)


def test_csc_is_bounded_below_and_random_styles_give_about_log_n():
    n = 8
    aligned = torch.eye(n, 64)
    bound = math.log(1 + (n - 1) * math.exp(-2))
    # Matched pairs, orthogonal non-pairs: above the bound (reached only if every non-pair
    # were opposite, which N > 2 vectors cannot all be).
    matched = float(losses.cross_modal_consistency(aligned, aligned))
    assert matched == pytest.approx(math.log(1 + (n - 1) * math.exp(-1)))
    assert matched >= bound
    torch.manual_seed(0)
    a, b = torch.randn(256, 64), torch.randn(256, 64)
    assert float(losses.cross_modal_consistency(a, b)) == pytest.approx(math.log(256), rel=0.05)


def test_csc_does_not_care_how_pairs_are_ordered():
    torch.manual_seed(1)
    a, b = torch.randn(6, 64), torch.randn(6, 64)
    order = torch.randperm(6)
    torch.testing.assert_close(
        losses.cross_modal_consistency(a, b), losses.cross_modal_consistency(a[order], b[order])
    )


def batch(n: int = 3, frames: int = 96) -> dict:
    torch.manual_seed(2)
    size = TINY.image.img_size

    def part(prefix: str) -> dict:
        return {
            f"{prefix}face": torch.rand(n, 3, size, size) * 2 - 1,
            f"{prefix}mel": torch.randn(n, 1, 80, frames) * 0.3 - 1,
            f"{prefix}gender": torch.tensor([0, 1, 0][:n]),
            f"{prefix}speaker": torch.tensor([0, 1, -1][:n]),
        }

    made = {**part(""), **part("ref_")}
    second = part("ref2_")
    made["ref2_face"], made["ref2_mel"] = second["ref2_face"], second["ref2_mel"]
    made["paired"] = torch.tensor([True, True, False][:n])
    return made


@pytest.fixture
def nets():
    made = build_nets(TINY, SETTINGS, f0=JDCNet(TINY.jdc))
    # the frozen ASR in SVC's layout, tiny
    made.asr = ASRNet(ASRConfig(hidden_dim=16, n_token=9, n_layers=1)).eval().requires_grad_(False)
    return made


@pytest.mark.parametrize("step", [0, 1, 2])  # style from E^im, E^au, F
def test_every_generator_term_is_finite_and_reaches_the_generators(nets, step):
    rng = torch.Generator().manual_seed(0)
    terms = generator_terms(nets, batch(), SETTINGS, step, rng)
    for name in ("adv", "sty", "ds", "cyc", "norm", "f0", "asr", "advcls", "csc"):
        value = terms[name]
        assert torch.isfinite(value), name
        assert value.requires_grad, name
        nets.trainable["generator_audio"].zero_grad()
        nets.trainable["style_image"].zero_grad()
        value.backward(retain_graph=True)
        reached = [
            p.grad is not None and bool(p.grad.abs().sum() > 0)
            for role in ("generator_audio", "generator_image", "style_image", "style_audio")
            for p in nets.trainable[role].parameters()
        ]
        assert any(reached), f"{name} moves no generator or encoder"
    if step == 2:
        terms["adv"].backward(retain_graph=True)
        assert any(p.grad is not None for p in nets.trainable["mapping"].parameters())


def test_the_total_uses_the_paper_weights_with_ds_subtracted(nets):
    rng = torch.Generator().manual_seed(0)
    terms = generator_terms(nets, batch(), SETTINGS, 0, rng)
    w = LossWeights()
    assert (w.sty, w.ds, w.cyc, w.asr, w.f0, w.norm, w.advcls, w.csc, w.cls, w.tau) == (
        1, 2, 1, 20, 5, 1, 0.05, 1, 0.05, 1,
    )  # fmt: skip
    expected = (
        terms["adv"] + terms["sty"] - 2 * terms["ds"] + terms["cyc"] + 20 * terms["asr"]
        + 5 * terms["f0"] + terms["norm"] + 0.05 * terms["advcls"] + terms["csc"]
    )  # fmt: skip
    torch.testing.assert_close(terms["g_total"], expected)


def test_a_discriminator_step_updates_d_and_c_only(nets):
    before = {r: [p.clone() for p in m.parameters()] for r, m in nets.trainable.items()}
    values = discriminator_step(nets, batch(), SETTINGS, 0, torch.Generator().manual_seed(0))
    assert all(math.isfinite(v) for v in values.values())
    for role, module in nets.trainable.items():
        moved = any(not torch.equal(a, b) for a, b in zip(before[role], module.parameters()))
        assert moved == (role in ("discriminator_image", "discriminator_audio", "classifier")), role


@pytest.mark.parametrize("step", [0, 1, 2])  # style from E^im, E^au, F
def test_sg2_schedule_steps_encoders_and_mapping_on_latent_steps_only(nets, step):
    sg2 = Settings(batch=3, crop_frames=96, encoders_learn_from_references=False)
    before = {r: [p.clone() for p in m.parameters()] for r, m in nets.trainable.items()}
    generator_step(nets, batch(), sg2, step, torch.Generator().manual_seed(0))
    for role, module in nets.trainable.items():
        moved = any(not torch.equal(a, b) for a, b in zip(before[role], module.parameters()))
        learns = role in ("generator_image", "generator_audio") or (
            step == 2 and role in ("style_image", "style_audio", "mapping")
        )
        assert moved == learns, role


@pytest.mark.parametrize("paired", [True, False])
def test_csc_every_step_moves_the_style_encoders_on_reference_steps_by_csc_alone(nets, paired):
    """On a reference-guided step of the SG2 schedule, csc_every_step steps E^im and E^au with
    L_csc's gradient only: with no paired rows (L_csc = 0) they stay put although L_sty, the
    cycle and the adversarial terms all depend on them; F never moves."""
    data = batch()
    data["paired"] = torch.full((3,), paired)
    settings = Settings(
        batch=3, crop_frames=96, encoders_learn_from_references=False, csc_every_step=True
    )
    before = {r: [p.clone() for p in m.parameters()] for r, m in nets.trainable.items()}
    generator_step(nets, data, settings, 1, torch.Generator().manual_seed(0))  # style from E^au
    for role, module in nets.trainable.items():
        moved = any(not torch.equal(a, b) for a, b in zip(before[role], module.parameters()))
        learns = role in ("generator_image", "generator_audio") or (
            paired and role in ("style_image", "style_audio")
        )
        assert moved == learns, role


def test_csc_skips_unpaired_data_and_the_asr_f0_terms_switch_off(nets):
    data = batch()
    data["paired"] = torch.tensor([False, False, True])
    off = Settings(batch=3, crop_frames=96, use_asr=False, use_f0=False)
    terms = generator_terms(nets, data, off, 0, torch.Generator().manual_seed(0))
    assert float(terms["csc"]) == 0 and float(terms["asr"]) == 0 and float(terms["f0"]) == 0


def test_optimisers_follow_app_a(nets):
    opt = nets.optimisers
    assert type(opt["generator_image"]) is torch.optim.Adam
    assert type(opt["generator_audio"]) is torch.optim.AdamW
    assert opt["mapping"].defaults["lr"] == 1e-6
    assert opt["style_audio"].defaults["lr"] == 1e-4
    assert opt["generator_image"].defaults["betas"] == (0.0, 0.99)
    assert opt["classifier"].defaults["eps"] == 1e-9


def test_the_recipe_trains_from_a_manifest_and_exports_a_loadable_entry(tmp_path):
    from studio.api import TrainRequest
    from studio.demodata.corpus import build_voices_faces
    from studio_xfavot.model import from_entry
    from studio_xfavot.train import main

    manifest = build_voices_faces(
        tmp_path / "corpus", speakers=4, seed=3, utterances_per_speaker=1,
        faces_per_speaker=1, seconds=(1.0, 1.2), heldout_fraction=0.25, face_style="drawn",
    )  # fmt: skip
    from studio_xfavot.training import auxiliary

    # the frozen helpers as the demo's helper training writes them (untrained here)
    auxiliary.write_helper(tmp_path / "f0", "f0", JDCNet(auxiliary.DEMO_JDC), {})
    auxiliary.write_helper(tmp_path / "asr", "asr", auxiliary.ASRNet(auxiliary.DEMO_ASR), {})
    settings = {"preset": "demo", "steps": "2", "batch": "2", "crop_frames": "80",
                "f0": str(tmp_path / "f0"), "asr": str(tmp_path / "asr")}  # fmt: skip
    exported = main(TrainRequest(manifest, tmp_path / "run", settings))
    rows = (tmp_path / "run" / "metrics.csv").read_text().splitlines()
    first = dict(zip(rows[0].split(","), rows[1].split(",")))
    assert float(first["g_f0"]) > 0 and float(first["g_asr"]) > 0  # L_F0 and L_asr are on
    assert all(v.dtype == torch.float16 for v in exported.tensors.values() if v.is_floating_point())
    modules = from_entry(exported.tensors, exported.config)
    assert modules.config.mapping.num_speakers == 3  # the training split's speakers
    assert modules.classifier is not None and modules.config.classifier_reads_gender
    assert modules.f0 is not None and modules.asr is not None  # kept for re-measuring quality
    assert modules.config.audio.f0_channel == auxiliary.DEMO_JDC.feature_channels


def test_auto_gender_asks_a_classifier_trained_on_gender_codes():
    import dataclasses

    from xfavot_fixtures import voice

    from studio_xfavot.generator import FaceToVoice
    from studio_xfavot.model import build

    config = dataclasses.replace(TINY, classifier_reads_gender=True)
    modules = build(config, with_classifier=True).to("cpu")
    model = FaceToVoice(modules, "cpu")
    assert len(model._genders({"reference": voice()}, "reference", "auto")) == 2  # a face
    model.reference = "voice"
    assert len(model._genders({"reference": voice()}, "reference", "auto")) == 1
    assert model._genders({}, "reference", "female") == [1]


def test_a_resumed_run_ends_where_a_straight_run_does(tmp_path):
    """Two steps, stop, ``--resume`` to four: the same weights as four steps in one go (the
    toolkit restores nets, EMA copies, optimisers and RNG; batch i is a function of i)."""
    from studio.api import TrainRequest
    from studio.demodata.corpus import build_voices_faces
    from studio_xfavot.train import main

    manifest = build_voices_faces(
        tmp_path / "corpus", speakers=4, seed=3, utterances_per_speaker=1,
        faces_per_speaker=1, seconds=(1.0, 1.2), heldout_fraction=0.25, face_style="drawn",
    )  # fmt: skip
    settings = {"preset": "demo", "batch": "2", "crop_frames": "80", "checkpoint_every": "2",
                "log_every": "1", "r1_every": "2"}  # fmt: skip
    straight = main(TrainRequest(manifest, tmp_path / "straight", {**settings, "steps": "4"}))
    main(TrainRequest(manifest, tmp_path / "parts", {**settings, "steps": "2"}))
    assert (tmp_path / "parts" / "checkpoints" / "last.pt").is_file()
    resumed = main(TrainRequest(manifest, tmp_path / "parts", {**settings, "steps": "4"}, True))
    assert straight.tensors.keys() == resumed.tensors.keys()
    for name, value in straight.tensors.items():
        torch.testing.assert_close(resumed.tensors[name], value, rtol=0, atol=0, msg=name)
    rows = (tmp_path / "parts" / "metrics.csv").read_text().splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["1", "2", "3", "4"]


def test_the_face_gender_probe_learns_the_gender_codes_and_drives_auto_gender():
    """Faces whose skin tone follows the gender code: the fitted probe separates them, survives
    a store round trip, and "auto" on a face reference then uses the probe's head."""
    import numpy as np
    from xfavot_fixtures import face

    from studio.api import Image
    from studio_xfavot.generator import FaceToVoice
    from studio_xfavot.inputs import face_tensor
    from studio_xfavot.model import build, entry_tensors, from_entry
    from studio_xfavot.training.gender_probe import fit_gender_probe

    def drawn(gender: int, seed: int) -> Image:
        pixels = face(seed=seed).pixels.copy()
        pixels[..., 2 * gender] = np.clip(pixels[..., 2 * gender].astype(int) + 60, 0, 255)
        return Image(pixels.astype(np.uint8))

    genders = torch.tensor([i % 2 for i in range(24)])
    pictures = [drawn(int(g), i) for i, g in enumerate(genders)]
    faces = torch.cat([face_tensor(p, "face", TINY.image.img_size) for p in pictures])
    torch.manual_seed(0)
    modules = build(TINY)
    modules.face_gender, accuracy = fit_gender_probe(modules.style_image, faces, genders)
    assert accuracy == 1.0
    again = from_entry(entry_tensors(modules), TINY.to_dict())
    assert again.face_gender is not None
    model = FaceToVoice(again.to("cpu"), "cpu")
    picked = [model._genders({"reference": p}, "reference", "auto") for p in pictures]
    assert picked == [[int(g)] for g in genders]
    assert model._genders({"reference": pictures[0]}, "reference", "female") == [1]


def test_the_voice_gender_probe_learns_the_gender_codes_and_overrides_the_classifier():
    """Voices whose pitch follows the gender code (110 Hz male, 220 Hz female): the probe fitted
    on E^au's trunk separates them, survives a store round trip, and "auto" on a voice
    reference uses it even when the classifier C would answer the other way."""
    from studio.audio.synth import speech_like
    from studio_xfavot.frontend import MelFrontEnd
    from studio_xfavot.generator import VoiceToFace
    from studio_xfavot.inputs import speech_mel
    from studio_xfavot.model import build, entry_tensors, from_entry
    from studio_xfavot.training.gender_probe import fit_gender_probe

    genders = torch.tensor([i % 2 for i in range(16)])
    clips = [
        speech_like(1.2, 24000, seed=i, f0=110.0 * (1 + int(g))) for i, g in enumerate(genders)
    ]
    front_end = MelFrontEnd()
    mels = [speech_mel(clip, "voice", front_end)[0] for clip in clips]
    torch.manual_seed(0)
    modules = build(TINY, with_classifier=True)
    modules.voice_gender, accuracy = fit_gender_probe(modules.style_audio, mels, genders)
    assert accuracy == 1.0
    with torch.no_grad():  # C now says "male" for every voice
        modules.classifier.main[-1].bias[:2] = torch.tensor([1e3, -1e3])
    again = from_entry(entry_tensors(modules), {**TINY.to_dict(), "classifier_reads_gender": True})
    assert again.voice_gender is not None
    model = VoiceToFace(again.to("cpu"), "cpu")
    picked = [model._genders({"reference": c}, "reference", "auto") for c in clips]
    assert picked == [[int(g)] for g in genders]
    again.voice_gender = None  # without a probe, "auto" falls back to C
    assert model._genders({"reference": clips[1]}, "reference", "auto") == [0]


def _tiny_corpus(speakers: int = 10, rows_each: int = 2):
    from studio_xfavot.training.data import Corpus

    rows = speakers * rows_each
    speaker = torch.arange(rows) // rows_each
    # each row's mel and face carry its speaker's index, so pairing can be read back
    mels = [torch.full((80, 100 + r), float(speaker[r])) for r in range(rows)]
    faces = speaker[:, None, None, None].float().expand(rows, 3, 8, 8).clone()
    return Corpus(mels, faces, speaker, speaker % 2, [f"s{i}" for i in range(speakers)])


def test_csc_pairs_are_n_distinct_speakers_each_with_its_own_face_and_leave_the_batch_alone():
    from studio_xfavot.training.data import Batches

    corpus = _tiny_corpus()
    plain = Batches(corpus, batch=3, crop=96, seed=5, steps=10)[4]
    drawn = Batches(corpus, batch=3, crop=96, seed=5, steps=10, csc_pairs=6)[4]
    for name, value in plain.items():
        assert torch.equal(drawn[name], value), name
    voices = drawn["csc_mel"][:, 0, 0, 0]
    assert len(set(voices.tolist())) == 6  # six speakers
    assert torch.equal(drawn["csc_face"][:, 0, 0, 0], voices)  # each with its own face
    assert torch.equal(drawn["csc_gender"], voices.long() % 2)
    assert "csc_mel" not in plain


def test_csc_is_computed_on_its_own_pairs_when_the_batch_has_them(nets):
    data = batch()
    torch.manual_seed(1)
    data["csc_mel"], data["csc_face"] = torch.randn(5, 1, 80, 96), torch.rand(5, 3, 32, 32) * 2 - 1
    data["csc_gender"] = torch.tensor([0, 1, 0, 1, 1])
    terms = generator_terms(nets, data, SETTINGS, 0, torch.Generator().manual_seed(0))
    t = nets.trainable
    expected = losses.cross_modal_consistency(
        t["style_audio"](data["csc_mel"], data["csc_gender"]),
        t["style_image"](data["csc_face"], data["csc_gender"]),
        SETTINGS.weights.tau,
    )
    torch.testing.assert_close(terms["csc"], expected)


def test_loss_weights_and_tau_are_set_under_weights_and_helpers_keep_their_names():
    from studio.api import StudioError
    from studio_xfavot.train import resolve

    settings, preset, helpers = resolve(
        {"preset": "demo", "weights.tau": "0.1", "weights.csc": "2", "f0": "helpers/f0"}
    )
    assert (settings.weights.tau, settings.weights.csc, settings.weights.f0) == (0.1, 2.0, 5.0)
    assert preset == "demo" and str(helpers["f0"]) == "helpers/f0" and helpers["asr"] is None
    assert resolve({})[0].weights == LossWeights()  # the paper's, untouched
    with pytest.raises(StudioError, match=r"weights\.\*: .*temperature.*tau"):  # and the real ones
        resolve({"weights.temperature": "0.1"})
