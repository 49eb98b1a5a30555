"""The VAD collector's decisions and its exact sequence of ``is_speech`` calls, observed through a
scripted detector. The expected sequences below are worked out by hand from shared/specs/wen2019.md §7.4: 20 ms
frames, a ring of int(50 / 20) = 2 frames, switch on when > 90 % (both) are voiced, off when
> 90 % (both) are unvoiced, every ring frame re-examined on each new frame."""

from __future__ import annotations

import numpy as np
import pytest

from studio_wen2019.features import NoSpeechError, voiced_samples

FRAME = 320  # 20 ms at 16 kHz


class ScriptedVad:
    """Answers from a per-frame table, or from a per-call script; records every call."""

    def __init__(self, voiced_frames=(), per_call=None):
        self.voiced_frames = set(voiced_frames)
        self.per_call = list(per_call) if per_call is not None else None
        self.calls: list[int] = []
        self.rates: set[int] = set()

    def is_speech(self, buf: bytes, sample_rate: int) -> bool:
        assert isinstance(buf, bytes) and len(buf) == 2 * FRAME
        samples = np.frombuffer(buf, dtype="<i2")
        assert (samples == samples[0]).all()
        self.calls.append(int(samples[0]) - 1)  # frames are filled with index + 1
        self.rates.add(sample_rate)
        if self.per_call is not None:
            return self.per_call.pop(0)
        return self.calls[-1] in self.voiced_frames


def numbered_frames(n_frames: int, extra: int = 0) -> np.ndarray:
    """Frame i is filled with the value i + 1, so a buffer tells which frame it is."""
    clip = np.repeat(np.arange(1, n_frames + 1, dtype=np.int16), FRAME)
    return np.concatenate([clip, np.full(extra, 999, dtype=np.int16)])


def run(clip: np.ndarray, detector: ScriptedVad, **kwargs) -> list[int]:
    """Kept frame indices, checking the output is exactly those frames' samples."""
    factory_args = []

    def factory(aggressiveness):
        factory_args.append(aggressiveness)
        return detector

    out = voiced_samples(clip, vad_factory=factory, **kwargs)
    assert factory_args == [kwargs.get("aggressiveness", 2)]  # one fresh detector per clip
    assert out.dtype == np.int16 and len(out) % FRAME == 0
    kept = out[::FRAME].astype(int) - 1
    assert np.array_equal(out, np.repeat(kept + 1, FRAME).astype(np.int16))
    return kept.tolist()


# Frames 1, 2, 3, 7 and 8 are voiced. Frame by frame (ring contents -> calls -> decision):
#   0: [0] off          1: [0 1] one voiced      2: [1 2] both voiced: on, keep 1 2
#   3: keep, [3]        4: keep, [3 4] one off   5: keep, [4 5] both off: segment ends
#   6: [6] off          7: [6 7] one voiced      8: [7 8] both voiced: on, keep 7 8
#   9: keep, [9]       10: keep, [9 10] both off: ends      11: [11] off
PATTERN = {1, 2, 3, 7, 8}
CALLS = [0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 7, 7, 8, 9, 9, 10, 11]
KEPT = [1, 2, 3, 4, 5, 7, 8, 9, 10]


def test_call_sequence_and_kept_frames_for_an_on_off_pattern():
    detector = ScriptedVad(PATTERN)
    assert run(numbered_frames(12, extra=5), detector) == KEPT
    assert detector.calls == CALLS
    assert detector.rates == {16000}


def test_a_frame_ending_exactly_at_the_end_is_never_examined():
    detector = ScriptedVad(PATTERN)
    assert run(numbered_frames(12), detector) == KEPT  # only frames 0..10 exist
    assert detector.calls == CALLS[:-1]


def test_a_segment_still_open_at_the_end_is_kept():
    detector = ScriptedVad({0, 1, 2, 3})
    assert run(numbered_frames(4, extra=1), detector) == [0, 1, 2, 3]
    assert detector.calls == [0, 0, 1, 2, 2, 3]


def test_decisions_use_the_latest_answer_for_a_re_examined_frame():
    # The detector is stateful: frame 0 is first judged unvoiced, then voiced on its second look
    # together with frame 1, which switches collection on and keeps both.
    detector = ScriptedVad(per_call=[False, True, True, False, False, False])
    assert run(numbered_frames(3, extra=1), detector) == [0, 1, 2]
    assert detector.calls == [0, 0, 1, 2]


def test_aggressiveness_reaches_the_factory():
    assert run(numbered_frames(3, extra=1), ScriptedVad({0, 1, 2}), aggressiveness=3) == [0, 1, 2]


def test_no_voiced_frame_raises_no_speech():
    with pytest.raises(NoSpeechError):
        voiced_samples(numbered_frames(20, extra=1), vad_factory=lambda _: ScriptedVad())


@pytest.mark.parametrize("n", [0, 100, FRAME])
def test_clips_too_short_for_a_frame_have_no_speech(n):
    with pytest.raises(NoSpeechError):
        voiced_samples(np.ones(n, dtype=np.int16), vad_factory=lambda _: ScriptedVad({0}))


def test_real_webrtc_vad_finds_no_speech_in_silence():
    with pytest.raises(NoSpeechError):
        voiced_samples(np.zeros(3 * 16000, dtype=np.int16))


def test_input_must_be_mono_int16():
    with pytest.raises(TypeError):
        voiced_samples(np.zeros(16000, dtype=np.float32))
    with pytest.raises(TypeError):
        voiced_samples(np.zeros((2, 16000), dtype=np.int16))
