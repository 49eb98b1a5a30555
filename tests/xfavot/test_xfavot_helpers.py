"""The demo's frozen helpers learn from labels the synthetic corpus knows exactly: per-frame F0
and vowel identity. The labels must line up with the audio, or the helpers learn nonsense."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from studio.demodata.corpus import build_voices_faces, read_speakers, utterance_labels
from studio.ml.audio import read_audio
from studio_xfavot.evaluation import mean_f0
from studio_xfavot.training import auxiliary


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_voices_faces(
        tmp_path_factory.mktemp("corpus"), speakers=3, seed=4, utterances_per_speaker=2,
        faces_per_speaker=1, seconds=(1.5, 2.0), heldout_fraction=0.34, face_style="drawn",
    )  # fmt: skip


def test_the_labels_match_the_rendered_audio(corpus):
    person = read_speakers(corpus.parent / "speakers.json")[0]
    labels = utterance_labels(corpus.parent, person, 1)
    clip = read_audio(corpus.parent / "audio" / person.id / "1.wav")
    assert len(labels.f0_hz) == clip.frames and labels.vowels
    longest = max((s for s in labels.segments if s.kind == "vowel"), key=lambda s: s.stop - s.start)
    middle = (longest.start + longest.stop) // 2
    heard = mean_f0(clip.samples[0, longest.start : longest.stop], clip.rate)
    assert heard == pytest.approx(labels.f0_hz[middle], rel=0.08)  # the contour that was voiced


def test_frame_labels_line_up_with_the_mel(corpus):
    items = auxiliary.labelled_utterances(corpus, "train")
    assert len(items) == 4
    for item in items:
        assert item.f0.shape == item.tokens.shape == (item.mel.shape[-1],)
        voiced = item.f0 > 0
        assert torch.equal(voiced, item.tokens > 0)  # F0 exactly where a vowel sounds
        assert 80 < float(item.f0[voiced].median()) < 300
        onsets = [t for t, prev in zip(item.tokens.tolist(), [0, *item.tokens.tolist()])
                  if t and t != prev]  # fmt: skip
        # every vowel starts a run of its token (adjacent equal vowels share one run)
        assert 1 <= len(onsets) <= len(item.vowel_frames)
        assert set(onsets) <= {v for _, v in item.vowel_frames}


def test_helpers_train_and_round_trip_through_their_entries(corpus, tmp_path):
    from studio_xfavot.train import _helper

    items = auxiliary.labelled_utterances(corpus, "train")
    jdc = auxiliary.train_jdc(items, minutes=0.01, log=lambda _: None)
    asr = auxiliary.train_asr(items, minutes=0.01, log=lambda _: None)
    assert np.isfinite(auxiliary.f0_error_hz(jdc, items))
    assert 0.0 <= auxiliary.asr_accuracy(asr, items) <= 1.0
    for role, net in (("f0", jdc), ("asr", asr)):
        auxiliary.write_helper(tmp_path / role, role, net, {"note": "test"})
        again = _helper(tmp_path / role, role)
        mel = items[0].mel[None, None]
        with torch.no_grad():
            torch.testing.assert_close(again(mel)[0] if role == "f0" else again(mel),
                                       net(mel)[0] if role == "f0" else net(mel))  # fmt: skip


def test_a_wrong_helper_folder_is_named(corpus, tmp_path):
    from studio.api import StudioError, TrainRequest
    from studio_xfavot.train import main

    asr = auxiliary.ASRNet(auxiliary.DEMO_ASR)
    auxiliary.write_helper(tmp_path / "asr", "asr", asr, {})
    with pytest.raises(StudioError, match="not an f0 entry"):
        main(
            TrainRequest(corpus, tmp_path / "run", {"preset": "demo", "f0": str(tmp_path / "asr")})
        )


def test_vowel_accuracy_is_one_minus_the_edit_rate():
    assert auxiliary.vowel_accuracy([1, 2, 3], [1, 2, 3]) == 1.0
    assert auxiliary.vowel_accuracy([1, 3], [1, 2, 3]) == pytest.approx(2 / 3)
    assert auxiliary.vowel_accuracy([], [1, 2]) == 0.0
    assert auxiliary.vowel_accuracy([4, 4, 4, 4, 4], [1]) == 0.0  # floored


def test_style_spread_is_zero_only_when_the_encoders_ignore_their_input(corpus):
    from studio.ml.manifest import read_manifest
    from studio_xfavot.evaluation import style_spread
    from studio_xfavot.model import build
    from studio_xfavot.train import demo_config

    people = {p.id: p for p in read_speakers(corpus.parent / "speakers.json")}
    samples = list(read_manifest(corpus))
    torch.manual_seed(0)
    modules = build(demo_config(speakers=3)).to("cpu")
    spread = style_spread(modules, samples, people)
    assert spread["voice"] > 1e-3 and spread["face"] > 1e-3
    for encoder in (modules.style_audio, modules.style_image):
        for head in encoder.unshared:  # every style is its head's bias: one style per gender
            torch.nn.init.zeros_(head.weight)
            torch.nn.init.constant_(head.bias, 0.5)
    assert style_spread(modules, samples, people) == {"voice": 0.0, "face": 0.0}


def test_f0_spearman_is_also_given_within_each_register():
    from studio_xfavot.evaluation import _within_gender

    truth = [100.0, 110.0, 120.0, 180.0, 190.0, 200.0]
    measured = [1.0, 2.0, 3.0, 9.0, 8.0, 7.0]  # right across registers, reversed in the high one
    assert _within_gender(measured, truth, truth) == {"low": 1.0, "high": -1.0}
    # another attribute, split by the speakers' F0 register
    breathiness = [0.1, 0.5, 0.3, 0.2, 0.9, 0.4]
    skin = [1.0, 3.0, 2.0, 2.0, 1.0, 3.0]  # in order in the low register, not in the high
    assert _within_gender(skin, breathiness, truth) == {"low": 1.0, "high": -0.5}
