"""Writing a voice–face corpus of synthetic speakers to disk, and reading its manifest back.

Layout under ``out_dir``::

    speakers.json              every speaker's parameters and split
    manifest.jsonl             one {"speaker", "audio", "face", "split"} object per line
    audio/<speaker>/<k>.wav    16 kHz 16-bit mono
    faces/<speaker>/<k>.png    RGB: the speaker's avatar (one file, ``face_size`` px) or, with
                               ``face_style="drawn"``, the old 64x64 drawn faces (one per k)

Every file is a function of the arguments alone (byte for byte). The manifest is written last,
so a corpus whose manifest exists is complete.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from studio.audio.io import write_audio
from studio.base.atomic import write_text_atomically

from . import seeds
from .avatar import avatar
from .face import face
from .speakers import SpeakerParams, draw_speakers
from .voice import Segment, pitch_track, segments, utterance

if TYPE_CHECKING:
    from .corpus_real import RealSources
    from .espeak_voices import EspeakVoice

FORMAT = "persona-studio-demo-voices-faces/1"
FACE_STYLES = ("avatar", "drawn")  # the drawn faces stay while a shipped model was trained on them
SAMPLE_RATE = 16000
_SECONDS_STEP = 0.01  # utterance lengths are whole centiseconds

ProgressCallback = Callable[[float, str], None]


def build_voices_faces(
    out_dir: str | os.PathLike[str],
    speakers: int = 200,
    seed: int = 0,
    utterances_per_speaker: int = 8,
    faces_per_speaker: int = 8,
    seconds: tuple[float, float] = (3.0, 8.0),
    heldout_fraction: float = 0.2,
    progress: ProgressCallback | None = None,
    workers: int = 1,
    face_style: str = "avatar",
    face_size: int = 128,
    espeak_voices: bool | Sequence[EspeakVoice] = False,
    voices_dir: str | os.PathLike[str] | None = None,
    augment: bool = False,
) -> Path:
    """Write the corpus under ``out_dir`` and return the manifest's path.

    Speaker ``i`` is ``draw_speaker(i, seed)``. Utterance k of a speaker lasts a length drawn
    from ``seconds``; the manifest pairs utterance k with face k, for k up to the larger of the
    two counts (the smaller set is cycled). ``round(speakers * heldout_fraction)`` speakers
    (at least one when the fraction is positive and there are two or more speakers, never all)
    are chosen by ``seed`` as split "test"; the rest are "train". ``workers`` > 1 renders
    speakers in that many processes: the files are the same either way.

    ``face_style`` "avatar" draws each speaker's avatar at ``face_size`` px: the same picture
    for every utterance, so one file per speaker. "drawn" writes ``faces_per_speaker`` of the
    old 64x64 drawn faces (each with its own nuisance), for the models trained on them.

    ``espeak_voices`` (True: ``espeak_voices.TRAINING``, or a list of settings) and
    ``voices_dir`` (a folder of recordings) add speakers the synthesiser did not make, split
    "train", labelled by measuring their audio; ``augment`` writes an augmented copy of every
    synthetic utterance under ``augmented/`` (see ``corpus_real``).
    """
    if speakers < 1 or utterances_per_speaker < 1 or faces_per_speaker < 1:
        raise ValueError("speakers, utterances_per_speaker and faces_per_speaker must be >= 1")
    if not 0 < seconds[0] <= seconds[1]:
        raise ValueError(f"seconds must be (shortest, longest) with 0 < shortest, got {seconds}")
    if not 0 <= heldout_fraction < 1:
        raise ValueError(f"heldout_fraction must be in [0, 1), got {heldout_fraction}")
    if face_style not in FACE_STYLES:
        raise ValueError(f"face_style must be one of {', '.join(FACE_STYLES)}, not {face_style!r}")
    if face_style == "avatar":
        if not isinstance(face_size, int) or not 16 <= face_size <= 1024:
            raise ValueError(f"face_size must be a whole number in 16..1024, got {face_size!r}")
        faces_per_speaker = 1  # an avatar belongs to the speaker: every picture would be this one
    sources = _real_sources(espeak_voices, voices_dir)
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / "manifest.jsonl"
    manifest.unlink(missing_ok=True)  # until the new one is written, the corpus is incomplete
    people = draw_speakers(speakers, seed)
    test = heldout(speakers, seed, heldout_fraction)
    split = {person.id: "test" if person.index in test else "train" for person in people}
    jobs = [
        _Job(
            root,
            person,
            seed,
            utterances_per_speaker,
            faces_per_speaker,
            seconds,
            face_style,
            face_size,
        )
        for person in people
    ]
    report = progress or (lambda fraction, message: None)
    report(0.0, f"rendering {speakers} speakers")
    for done, person in enumerate(_run(jobs, workers), start=1):
        report(done / (speakers + 1), f"rendered {person}")

    extra = _real_voices(
        root, sources, augment, jobs[0], people, split, faces_per_speaker, workers, report
    )
    faces = {"style": face_style, "size": face_size if face_style == "avatar" else 64}
    write_text_atomically(
        root / "speakers.json", _speakers_json(people, split, seed, faces, extra.entries)
    )
    pairs = max(utterances_per_speaker, faces_per_speaker)
    lines = [
        json.dumps(
            {
                "speaker": person.id,
                "audio": f"audio/{person.id}/{k % utterances_per_speaker}.wav",
                "face": f"faces/{person.id}/{k % faces_per_speaker}.png",
                "split": split[person.id],
            }
        )
        for person in people
        for k in range(pairs)
    ] + extra.lines
    write_text_atomically(manifest, "".join(line + "\n" for line in lines))
    report(1.0, f"wrote {len(lines)} pairs to {manifest}")
    return manifest


def heldout(speakers: int, seed: int, fraction: float) -> set[int]:
    """Indices of the held-out (test) speakers: a seeded choice of a fixed count."""
    count = round(speakers * fraction)
    if fraction > 0 and speakers >= 2:
        count = min(max(count, 1), speakers - 1)
    order = seeds.stream(seed, seeds.SPLIT).permutation(speakers)
    return {int(i) for i in order[:count]}


def read_speakers(path: str | os.PathLike[str]) -> list[SpeakerParams]:
    """The speakers of a ``speakers.json``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [SpeakerParams.from_dict(entry) for entry in data["speakers"]]


@dataclass(frozen=True)
class UtteranceLabels:
    """What utterance k of a speaker says and how it is pitched, at the corpus's 16 kHz."""

    segments: list[Segment]  # the timeline (vowel labels are indices into voice.VOWELS)
    f0_hz: object  # np.ndarray, one value per sample (meaningful where a vowel is voiced)

    @property
    def vowels(self) -> list[int]:
        return [int(seg.label) for seg in self.segments if seg.kind == "vowel"]


def utterance_labels(
    root: str | os.PathLike[str], speaker: SpeakerParams, k: int
) -> UtteranceLabels:
    """The labels of ``audio/<speaker>/<k>.wav`` of the corpus under ``root``, re-derived from
    its seed (in ``speakers.json``) and the file's length, exactly as it was rendered."""
    import soundfile

    from .corpus_real import ESPEAK_INDEX_BASE

    if speaker.index >= ESPEAK_INDEX_BASE:
        raise ValueError(f"{speaker.id} is a real voice: it has no synthetic timeline")
    root = Path(root)
    seed = json.loads((root / "speakers.json").read_text(encoding="utf-8"))["seed"]
    frames = soundfile.info(str(root / "audio" / speaker.id / f"{k}.wav")).frames
    seconds = frames / SAMPLE_RATE
    utterance_seed = seeds.derive_seed(seed, seeds.UTTERANCE, speaker.index, k)
    return UtteranceLabels(
        segments(speaker, utterance_seed, seconds, SAMPLE_RATE),
        pitch_track(speaker, utterance_seed, seconds, SAMPLE_RATE),
    )


@dataclass(frozen=True)
class _Job:
    """Everything one speaker's files depend on (picklable, for worker processes)."""

    root: Path
    speaker: SpeakerParams
    seed: int
    utterances: int
    faces: int
    seconds: tuple[float, float]
    face_style: str = "avatar"
    face_size: int = 128


def _run(jobs: list[_Job], workers: int) -> Iterator[str]:
    if workers <= 1:
        yield from map(_render_speaker, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_render_speaker, jobs, chunksize=4)


def _render_speaker(job: _Job) -> str:
    person = job.speaker
    audio_dir = job.root / "audio" / person.id
    face_dir = job.root / "faces" / person.id
    audio_dir.mkdir(parents=True, exist_ok=True)
    face_dir.mkdir(parents=True, exist_ok=True)
    for k in range(job.utterances):
        length = _utterance_seconds(job, k)
        clip = utterance(
            person,
            seeds.derive_seed(job.seed, seeds.UTTERANCE, person.index, k),
            length,
            SAMPLE_RATE,
        )
        write_audio(audio_dir / f"{k}.wav", clip)
    for k in range(job.faces):
        if job.face_style == "avatar":
            pixels = avatar(person, job.face_size)
        else:
            pixels = face(person, seeds.derive_seed(job.seed, seeds.FACE, person.index, k))
        (face_dir / f"{k}.png").write_bytes(_png(pixels))
    return person.id


def _utterance_seconds(job: _Job, k: int) -> float:
    low, high = job.seconds
    u = seeds.stream(job.seed, seeds.UTTERANCE, job.speaker.index, k, 1).random()
    return round((low + (high - low) * u) / _SECONDS_STEP) * _SECONDS_STEP


def _png(pixels) -> bytes:
    """PNG bytes with no metadata (Pillow writes no time stamp), so runs compare equal."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def _speakers_json(
    people: list[SpeakerParams], split: dict[str, str], seed: int, faces: dict, more=()
) -> str:
    entries = [{**person.to_dict(), "split": split[person.id]} for person in people]
    entries += list(more)  # the real voices' entries (corpus_real)
    document = {"format": FORMAT, "seed": seed, "faces": faces, "speakers": entries}
    return json.dumps(document, indent=1) + "\n"


@dataclass(frozen=True)
class _Extra:
    """What the real voices and the augmented copies add to speakers.json and the manifest."""

    entries: list[dict] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def _real_sources(espeak_voices, voices_dir) -> RealSources | None:
    """The real voices asked for, checked before anything is rendered (None: none asked)."""
    if not espeak_voices and voices_dir is None:
        return None
    from .corpus_real import real_sources

    return real_sources(espeak_voices, voices_dir)


def _real_voices(
    root: Path,
    sources: RealSources | None,
    augment: bool,
    job: _Job,
    people: list[SpeakerParams],
    split: dict[str, str],
    faces: int,
    workers: int,
    report: ProgressCallback,
) -> _Extra:
    """Speakers the synthesiser did not make (faces drawn from their measured labels, by the
    synthetic speakers' own face writer), and augmented copies of the synthetic takes."""
    if not sources and not augment:
        return _Extra()
    from .corpus_real import augment_speakers, augmented_lines, real_lines, write_real_speakers

    extra = _Extra()
    done = len(people) / (len(people) + 1)  # the synthetic speakers' share; the rest is quick

    def hold(fraction: float, message: str) -> None:
        report(done, message)

    if sources:

        def draw_faces(person: SpeakerParams) -> None:  # the face part of _render_speaker
            _render_speaker(replace(job, speaker=person, utterances=0))

        real = write_real_speakers(root, sources, job.utterances, draw_faces, hold)
        extra.entries.extend(r.entry for r in real)
        extra.lines.extend(real_lines(real, faces))
    if augment:
        hold(done, f"augmenting the takes of {len(people)} speakers")
        chains = augment_speakers(root, people, job.seed, job.utterances, workers)
        extra.lines.extend(augmented_lines(people, split, chains, faces))
    return extra
