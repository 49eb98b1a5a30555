"""``persona-studio evaluate``: a voice-to-face generator measured by the yardstick on two
speech sets, next to the avatars its voices stand for.

- **held-out synthetic speakers**: speakers of a seed no demo model trains on (the corpora use
  seed 1), a few utterances each, with their drawn parameters;
- **real speech**: the held-out espeak-ng voices (``studio.demodata.espeak_voices``, never
  trained on) and any folder of recordings, each labelled by measuring it.

The avatars of the same voices, scored as if a model had drawn them, are the ceiling: the face
detector's rate on them is what a model can be held to, and their crispness is 1.0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from studio.demodata import seeds
from studio.demodata.speakers import draw_speakers
from studio.demodata.voice import utterance

from .yardstick import Voice, reference_energy, score, truth_pictures

EVAL_SEED = 2  # the demo corpora use seed 1: these speakers are new to every demo model
TRAIN_SEED = 1  # crispness is measured against avatars of the training corpus's speakers
REFERENCE_SPEAKERS = 200
SYNTHETIC_SPEAKERS = 40
UTTERANCES = 2
SECONDS = 4.0
REAL_INDEX_BASE = 100_000  # real voices' speaker indices (their avatars' per-speaker choices)
RECORDING_INDEX = 1_000  # after the espeak-ng voices
SOURCE_FACE_SIZE = 128
SOURCE_FACE_NOTE = f"avatar of spk0000 (seed {TRAIN_SEED}), {SOURCE_FACE_SIZE} px"

Progress = Callable[[float, str], None]


def synthetic_voices(
    speakers: int = SYNTHETIC_SPEAKERS, utterances: int = UTTERANCES, seed: int = EVAL_SEED
) -> list[Voice]:
    """Utterances of held-out synthetic speakers, in memory."""
    voices = []
    for person in draw_speakers(speakers, seed):
        for k in range(utterances):
            clip_seed = seeds.derive_seed(seed, seeds.UTTERANCE, person.index, k)
            clip = utterance(person, clip_seed, SECONDS)
            voices.append(Voice(person, clip, "synthetic"))
    return voices


def real_voices(folder: Path | None, espeak: bool = True) -> list[Voice]:
    """The held-out espeak-ng voices (when ``espeak``) and the recordings in ``folder`` (a file
    per voice, or a sub-folder of takes per voice), each voice labelled by measuring all its
    takes. A recording that cannot be read or labelled raises ValueError naming it; without
    espeak-ng, ``EspeakUnavailable`` says so."""
    from studio.demodata import espeak_voices as espeak_ng

    voices: list[Voice] = []
    if espeak:
        for voice in espeak_ng.HELD_OUT:
            clips = espeak_ng.render_voice(voice)
            name = espeak_ng.voice_id(voice)
            index = REAL_INDEX_BASE + espeak_ng.VOICES.index(voice)
            person = espeak_ng.label_clips(clips, name).to_speaker(name, index)
            voices += [Voice(person, clip, "espeak-ng") for clip in clips]
    if folder is not None:
        for number, (name, files) in enumerate(espeak_ng.recording_speakers(folder)):
            clips = [espeak_ng.read_recording(path) for path in files]
            index = REAL_INDEX_BASE + RECORDING_INDEX + number
            person = espeak_ng.label_clips(clips, name).to_speaker(name, index)
            voices += [Voice(person, clip, "recording") for clip in clips]
    return voices


def evaluate_generator(
    run: Callable[[object], np.ndarray],
    voice_sets: dict[str, Sequence[Voice]],
    progress: Progress | None = None,
) -> dict:
    """Score ``run(audio) -> uint8 RGB picture`` on each set, and the sets' own avatars."""
    report = progress or (lambda fraction, message: None)
    total = sum(len(voices) for voices in voice_sets.values()) or 1
    done = 0
    sets, ceilings = {}, {}
    reference: dict[int, float] = {}
    for name, voices in voice_sets.items():
        if not voices:
            continue
        pictures = []
        for voice in voices:
            pictures.append(np.asarray(run(voice.audio), dtype=np.uint8)[..., :3])
            done += 1
            report(done / (total + 1), f"{name}: {len(pictures)} of {len(voices)} voices")
        size = int(pictures[0].shape[0])
        if size not in reference:
            training = draw_speakers(REFERENCE_SPEAKERS, TRAIN_SEED)
            reference[size] = reference_energy(size, training)
        sets[name] = score(pictures, voices, reference[size])
        ceilings[name] = score(truth_pictures(voices, size), voices, reference[size])
        found = ceilings[name]["face_found"]
        sets[name]["face_found_over_truth"] = (
            round(sets[name]["face_found"] / found, 4) if found else None
        )
        ceilings[name]["face_found_over_truth"] = 1.0 if found else None
    report(1.0, "scored")
    return {"sets": sets, "truth": ceilings}


def evaluate_face_generator(
    engine,
    generator: str,
    voice_sets: dict[str, Sequence[Voice]],
    weights: str | None = None,
    device: str = "cpu",
    progress: Progress | None = None,
) -> dict:
    """The whole report for one voice-to-face generator of ``engine`` (a ``studio.engine``
    Engine): which weights ran, the sets, each set's figures and its avatars' figures."""
    import time

    from studio.api import Kind, StudioError, Task
    from studio.engine import GenerateRequest

    info = engine.host.generator(generator)
    slots = [slot.name for slot in info.inputs if slot.kind is Kind.AUDIO]
    if info.task is not Task.VOICE_TO_FACE or info.output is not Kind.IMAGE or not slots:
        raise StudioError(f"{info.id} is not a voice-to-face generator: evaluate measures faces")
    # A generator that restyles a face with the voice (XFaVoT) gets one fixed source face.
    faces = {
        slot.name: source_face()
        for slot in info.inputs
        if slot.kind is Kind.IMAGE and not slot.optional
    }
    models = []

    def picture(audio) -> np.ndarray:
        inputs = {**faces, slots[0]: audio}
        request = GenerateRequest(info.id, inputs, weights=weights, device=device)
        result = engine.generate(request)
        models.append(result.model)
        return result.output.pixels

    started = time.perf_counter()
    figures = evaluate_generator(picture, voice_sets, progress)
    model = models[-1] if models else None
    return {
        "generator": info.id,
        "weights": f"{model.plugin}/{model.name}" if model else weights,
        "speech_sets": describe_sets(voice_sets),
        **({"source_face": SOURCE_FACE_NOTE} if faces else {}),
        **figures,
        "seconds": round(time.perf_counter() - started, 1),
    }


def source_face():
    """The face a face-restyling generator is given: the first training speaker's avatar."""
    from studio.api import Image
    from studio.demodata.avatar import avatar
    from studio.demodata.speakers import draw_speaker

    return Image(avatar(draw_speaker(0, TRAIN_SEED), SOURCE_FACE_SIZE))


def speech_sets(
    real: Path | None = None,
    speakers: int = SYNTHETIC_SPEAKERS,
    utterances: int = UTTERANCES,
    espeak: bool = True,
) -> dict[str, list[Voice]]:
    """The two sets the yardstick scores. Without espeak-ng its voices are left out with a
    note; a recording that cannot be read or labelled raises StudioError naming it."""
    import sys

    from studio.api import StudioError
    from studio.demodata.espeak_voices import EspeakUnavailable

    try:
        spoken = real_voices(real, espeak=espeak)
    except EspeakUnavailable as error:  # the synthetic set still says something
        print(
            f"persona-studio: note: no espeak-ng voices in real speech ({error})", file=sys.stderr
        )
        spoken = real_voices(real, espeak=False)
    except ValueError as error:
        raise StudioError(str(error)) from None
    return {"synthetic": synthetic_voices(speakers, utterances), "real": spoken}


def _sources(voices: Sequence[Voice]) -> str:
    return ", ".join(sorted({v.source for v in voices}))


def describe_sets(voice_sets: dict[str, Sequence[Voice]]) -> dict[str, dict]:
    return {
        name: {
            "voices": len(voices),
            "speakers": len({v.speaker.id for v in voices}),
            "sources": _sources(voices),
        }
        for name, voices in voice_sets.items()
    }
