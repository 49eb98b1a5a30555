"""The voices-faces corpus's voices that the synthesiser did not make, and augmented copies of
those it did (``build_voices_faces(espeak_voices=..., voices_dir=..., augment=...)``).

- **espeak-ng voices** (``espeak_voices.TRAINING``, or the settings given): speakers
  ``esp000``... (the voice's place in ``espeak_voices.VOICES``), each saying its language's
  sentences (up to three, as many as the corpus's utterances per speaker).
- **recordings** (a folder, ``espeak_voices.recording_speakers``): speakers ``rec000``...,
  each file (or sub-folder of takes) one voice, its takes as recorded (16 kHz mono).

Both are split "train" and labelled by *measuring* their takes together
(``voice_label``); the label, clamped into the synthetic ranges, is the speaker's parameters, so
its face or avatar is drawn from what the voice measurably is. Their speakers.json entries say
``"source"``, the raw ``"measured"`` figures and ``"face_from": "measured"``; their index (which
seeds the face) is 1 000 000 + the voice's place (espeak-ng) or 2 000 000 + the recording's.

- **augmentation**: every synthetic utterance ``audio/<id>/<k>.wav`` gets a copy
  ``augmented/<id>/<k>.wav`` through ``augment.augment`` (seeded by the corpus seed, speaker and
  k): same length, so the utterance's timeline and labels still hold. The manifest lists each
  copy too, paired like its original, with the chain under ``"augment"``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from studio.audio.io import read_audio, write_audio

from . import seeds
from .espeak_voices import (
    SENTENCES_PER_VOICE,
    TRAINING,
    VOICES,
    EspeakVoice,
    espeak_entry,
    espeak_program,
    label_clips,
    label_entry,
    read_recording,
    recording_entry,
    recording_speakers,
    render_voice,
    voice_id,
)
from .speakers import SpeakerParams

ESPEAK_INDEX_BASE = 1_000_000
RECORDING_INDEX_BASE = 2_000_000
AUGMENTED_DIR = "augmented"

Report = Callable[[float, str], None]


@dataclass(frozen=True)
class RealSpeaker:
    speaker: SpeakerParams  # the measured label, as the speaker the face is drawn from
    takes: int  # audio/<id>/0.wav .. <takes - 1>.wav
    entry: dict  # its speakers.json entry


@dataclass(frozen=True)
class RealSources:
    voices: tuple[EspeakVoice, ...]
    folders: tuple[tuple[str, tuple[Path, ...]], ...]

    def __bool__(self) -> bool:
        return bool(self.voices or self.folders)


def real_sources(
    espeak_voices: bool | Sequence[EspeakVoice], voices_dir: str | Path | None
) -> RealSources:
    """What to add, checked before anything is rendered: espeak-ng present, the settings known,
    the folder holding recordings."""
    voices = TRAINING if espeak_voices is True else tuple(espeak_voices or ())
    unknown = [v.key for v in voices if v not in VOICES]
    if unknown:
        raise ValueError(f"not among espeak_voices.VOICES: {', '.join(unknown)}")
    if voices:
        espeak_program()
    folders = recording_speakers(voices_dir) if voices_dir is not None else []
    return RealSources(tuple(voices), tuple((name, tuple(files)) for name, files in folders))


def write_real_speakers(
    root: Path,
    sources: RealSources,
    utterances: int,
    draw_faces: Callable[[SpeakerParams], None],
    report: Report,
) -> list[RealSpeaker]:
    """Write every real speaker's audio, measure it, draw its faces (``draw_faces``)."""
    out = []
    total = len(sources.voices) + len(sources.folders)
    for voice in sources.voices:
        clips = render_voice(voice, min(utterances, SENTENCES_PER_VOICE))
        index = ESPEAK_INDEX_BASE + VOICES.index(voice)
        out.append(_write(root, voice_id(voice), index, clips, espeak_entry(voice), draw_faces))
        report(len(out) / total, f"measured {voice.key}")
    for number, (name, files) in enumerate(sources.folders):
        clips = [read_recording(path) for path in files]
        index = RECORDING_INDEX_BASE + number
        out.append(
            _write(root, f"rec{number:03d}", index, clips, recording_entry(name), draw_faces)
        )
        report(len(out) / total, f"measured {name}")
    return out


def _write(root, speaker_id, index, clips, about, draw_faces) -> RealSpeaker:
    folder = root / "audio" / speaker_id
    folder.mkdir(parents=True, exist_ok=True)
    for k, clip in enumerate(clips):
        write_audio(folder / f"{k}.wav", clip)
    label = label_clips(clips, speaker_id)
    person = label.to_speaker(speaker_id, index)
    draw_faces(person)
    measured = label_entry(label)
    entry = {
        **person.to_dict(),
        "split": "train",
        **about,
        "face_from": "measured",
        "measured": measured["measured"],
    }
    return RealSpeaker(person, len(clips), entry)


def real_lines(real: list[RealSpeaker], faces: int) -> list[str]:
    """Manifest lines of the real speakers: take k with face k, the shorter list cycled."""
    return [
        json.dumps(
            {
                "speaker": r.speaker.id,
                "audio": f"audio/{r.speaker.id}/{k % r.takes}.wav",
                "face": f"faces/{r.speaker.id}/{k % faces}.png",
                "split": "train",
            }
        )
        for r in real
        for k in range(max(r.takes, faces))
    ]


@dataclass(frozen=True)
class _AugmentJob:
    root: Path
    speaker: SpeakerParams
    seed: int
    utterances: int


def augment_speakers(
    root: Path, people: list[SpeakerParams], seed: int, utterances: int, workers: int
) -> dict[str, list[str]]:
    """Augmented copies of every synthetic utterance; the chain of each, by speaker id."""
    jobs = [_AugmentJob(root, person, seed, utterances) for person in people]
    return dict(zip((p.id for p in people), _run(jobs, workers)))


def _run(jobs: list[_AugmentJob], workers: int) -> Iterator[list[str]]:
    if workers <= 1:
        yield from map(_augment_speaker, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_augment_speaker, jobs, chunksize=4)


def _augment_speaker(job: _AugmentJob) -> list[str]:
    from .augment import augment, choose_chain, describe

    person = job.speaker
    folder = job.root / AUGMENTED_DIR / person.id
    folder.mkdir(parents=True, exist_ok=True)
    chains = []
    for k in range(job.utterances):
        clip = read_audio(job.root / "audio" / person.id / f"{k}.wav")
        take_seed = seeds.derive_seed(job.seed, seeds.AUGMENT, person.index, k)
        write_audio(folder / f"{k}.wav", augment(clip, take_seed))
        chains.append(describe(choose_chain(take_seed)))
    return chains


def augmented_lines(
    people: list[SpeakerParams],
    split: dict[str, str],
    chains: dict[str, list[str]],
    faces: int,
) -> list[str]:
    """Manifest lines of the augmented copies, paired with faces as their originals are."""
    lines = []
    for person in people:
        utterances = len(chains[person.id])
        for k in range(max(utterances, faces)):
            lines.append(
                json.dumps(
                    {
                        "speaker": person.id,
                        "audio": f"{AUGMENTED_DIR}/{person.id}/{k % utterances}.wav",
                        "face": f"faces/{person.id}/{k % faces}.png",
                        "split": split[person.id],
                        "augment": chains[person.id][k % utterances],
                    }
                )
            )
    return lines
