"""Voices the project did not synthesise: espeak-ng's voices and variants at set pitches.

``VOICES`` is a fixed list of 48 espeak-ng settings: 24 variants (espeak-ng's male, female,
Klatt-synthesiser and named voices), each in two languages at a lower and a higher pitch (``-p``)
and its own speed (``-s``); eight languages with three sentences each. The variants come in 12
pairs of like kinds (a male variant with a male one, a Klatt with a Klatt, ...): the first of
each pair is in ``TRAINING`` (24 settings), the second in ``HELD_OUT`` (24), so both groups span
the same kinds of voice but never share a variant. ``HELD_OUT`` is the real-speech set an evaluation uses and no
model trains on; ``build_real_speech_set`` writes it (with measured labels) and any folder of
recordings besides.

espeak-ng's output is the same for the same version (``espeak_version()`` records it), so a set
built twice with one version is the same to the byte. Its speech is 22.05 kHz; it is resampled
to 16 kHz (scipy's polyphase resampler) as every corpus clip is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.api import AudioClip
from studio.api.errors import StudioError

from .voice_label import VoiceLabel, join_clips, label_voice, resample_16k

RATE = 16000
SENTENCES_PER_VOICE = 3
FORMAT = "persona-studio-real-speech/1"
_TIMEOUT_S = 60

# Three sentences a language, written for this corpus: everyday words, vowels of every kind.
SENTENCES: dict[str, tuple[str, str, str]] = {
    "en": (
        "The old boat drifted slowly along the river while we talked about the weather.",
        "Could you bring me a glass of water and the blue notebook from the kitchen?",
        "Every morning she walks the dog to the bakery at the end of our street.",
    ),
    "de": (
        "Heute Morgen habe ich im Garten einen kleinen Vogel gesehen, der laut gesungen hat.",
        "Kannst du mir bitte sagen, wann der nächste Zug nach Hamburg fährt?",
        "Wir wollen am Wochenende mit den Kindern an den See fahren.",
    ),
    "fr": (
        "Ce matin, nous avons pris le petit déjeuner sur la terrasse au soleil.",
        "Pourriez-vous me dire où se trouve la gare, s'il vous plaît ?",
        "Mon frère aime lire des romans policiers le soir avant de dormir.",
    ),
    "es": (
        "Esta mañana fuimos al mercado a comprar fruta fresca y pan.",
        "¿Sabes a qué hora empieza la película esta noche?",
        "Mi abuela cuenta historias muy largas sobre su pueblo en las montañas.",
    ),
    "it": (
        "Ieri sera abbiamo cenato in una piccola trattoria vicino al porto.",
        "Mi puoi dire dove hai lasciato le chiavi della macchina?",
        "Ogni estate andiamo al mare con tutta la famiglia.",
    ),
    "pt": (
        "Ontem à tarde choveu muito e ficámos em casa a ler.",
        "Sabes onde fica a biblioteca da cidade?",
        "O meu vizinho toca guitarra todas as noites depois do jantar.",
    ),
    "nl": (
        "Gisteren zijn we met de fiets naar het strand gegaan.",
        "Weet jij hoe laat de winkel morgen opengaat?",
        "Mijn zus woont in een klein huis aan de rand van het bos.",
    ),
    "sv": (
        "I går gick vi en lång promenad längs sjön i solskenet.",
        "Vet du när bussen till centrum går i morgon?",
        "Min morfar bygger en liten båt i sitt garage.",
    ),
}


@dataclass(frozen=True)
class EspeakVoice:
    """One espeak-ng setting: ``espeak-ng -v <language>+<variant> -p <pitch> -s <speed>``."""

    language: str  # an espeak-ng language (and a key of SENTENCES)
    variant: str  # a file of espeak-ng-data/voices/!v
    pitch: int  # -p, 0..99 (espeak-ng's default is 50)
    speed: int  # -s, words a minute

    @property
    def voice(self) -> str:
        return f"{self.language}+{self.variant}"

    @property
    def key(self) -> str:
        return f"{self.voice} -p {self.pitch} -s {self.speed}"

    @property
    def sentences(self) -> tuple[str, ...]:
        return SENTENCES[self.language]


# (training variant, held-out variant), like with like: six pairs of lower voices (espeak-ng's
# male variants, the Klatt synthesiser, named male voices) and six of higher ones.
VARIANT_PAIRS: tuple[tuple[str, str], ...] = (
    ("m1", "m2"),
    ("m3", "m4"),
    ("m5", "m6"),
    ("klatt", "klatt3"),
    ("Andy", "Lee"),
    ("Denis", "michel"),
    ("f1", "f2"),
    ("f3", "f4"),
    ("f5", "Andrea"),
    ("Annie", "belinda"),
    ("linda", "steph"),
    ("grandma", "aunty"),
)
# Each variant at a lower and a higher pitch, in two of the eight languages, at its own speed.
# Lower variants take -p 25-95, higher ones -p 5-67, so the mean F0s run from about 75 to 295 Hz
# in both groups (docs/demo-data.md lists what each measures).
VOICES: tuple[EspeakVoice, ...] = (
    EspeakVoice("en", "m1", 25, 130),
    EspeakVoice("fr", "m1", 67, 140),
    EspeakVoice("de", "m2", 40, 150),
    EspeakVoice("es", "m2", 81, 160),
    EspeakVoice("es", "m3", 30, 170),
    EspeakVoice("pt", "m3", 74, 180),
    EspeakVoice("it", "m4", 45, 190),
    EspeakVoice("nl", "m4", 88, 130),
    EspeakVoice("nl", "m5", 35, 140),
    EspeakVoice("en", "m5", 81, 150),
    EspeakVoice("sv", "m6", 50, 160),
    EspeakVoice("de", "m6", 95, 170),
    EspeakVoice("de", "klatt", 40, 180),
    EspeakVoice("es", "klatt", 88, 190),
    EspeakVoice("fr", "klatt3", 25, 130),
    EspeakVoice("it", "klatt3", 60, 140),
    EspeakVoice("it", "Andy", 45, 150),
    EspeakVoice("nl", "Andy", 95, 160),
    EspeakVoice("pt", "Lee", 30, 170),
    EspeakVoice("sv", "Lee", 67, 180),
    EspeakVoice("sv", "Denis", 50, 190),
    EspeakVoice("de", "Denis", 60, 130),
    EspeakVoice("en", "michel", 35, 140),
    EspeakVoice("fr", "michel", 74, 150),
    EspeakVoice("fr", "f1", 5, 160),
    EspeakVoice("it", "f1", 47, 170),
    EspeakVoice("es", "f2", 23, 180),
    EspeakVoice("pt", "f2", 57, 190),
    EspeakVoice("pt", "f3", 11, 130),
    EspeakVoice("sv", "f3", 52, 140),
    EspeakVoice("nl", "f4", 29, 150),
    EspeakVoice("en", "f4", 62, 160),
    EspeakVoice("en", "f5", 17, 170),
    EspeakVoice("fr", "f5", 57, 180),
    EspeakVoice("de", "Andrea", 35, 190),
    EspeakVoice("es", "Andrea", 67, 130),
    EspeakVoice("es", "Annie", 23, 140),
    EspeakVoice("pt", "Annie", 62, 150),
    EspeakVoice("it", "belinda", 5, 160),
    EspeakVoice("nl", "belinda", 42, 170),
    EspeakVoice("nl", "linda", 29, 180),
    EspeakVoice("en", "linda", 67, 190),
    EspeakVoice("sv", "steph", 11, 130),
    EspeakVoice("de", "steph", 47, 140),
    EspeakVoice("de", "grandma", 35, 150),
    EspeakVoice("es", "grandma", 42, 160),
    EspeakVoice("fr", "aunty", 17, 170),
    EspeakVoice("it", "aunty", 52, 180),
)
TRAINING: tuple[EspeakVoice, ...] = tuple(
    v for v in VOICES if v.variant in {pair[0] for pair in VARIANT_PAIRS}
)
HELD_OUT: tuple[EspeakVoice, ...] = tuple(
    v for v in VOICES if v.variant in {pair[1] for pair in VARIANT_PAIRS}
)


# What a folder of recordings may hold (the formats studio.audio.io reads).
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".aif", ".aiff")

ProgressCallback = Callable[[float, str], None]


class EspeakUnavailable(StudioError):
    """espeak-ng is not installed (or does not run)."""


def espeak_program() -> str:
    """The path of espeak-ng, or EspeakUnavailable saying how to get it."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise EspeakUnavailable(
            "espeak-ng is not installed, so its voices cannot be rendered: install it "
            "(sudo apt-get install espeak-ng; `make` does) or leave out --espeak"
        )
    return program


def espeak_version() -> str:
    """espeak-ng's version, e.g. "1.51": the output is the same for the same version."""
    done = _run([espeak_program(), "--version"])
    words = done.stdout.decode("utf-8", "replace").split()
    return next((w for w in words if w[:1].isdigit()), "unknown")


def voice_id(voice: EspeakVoice) -> str:
    """``esp000`` .. ``esp047``: the voice's place in ``VOICES``."""
    return f"esp{VOICES.index(voice):03d}"


def render(voice: EspeakVoice, text: str) -> AudioClip:
    """espeak-ng speaking ``text`` with ``voice``: 16 kHz mono float32."""
    import soundfile

    program = espeak_program()
    with tempfile.TemporaryDirectory(prefix="persona-espeak-") as folder:
        out = Path(folder) / "speech.wav"
        command = [program, "-b", "1", "-v", voice.voice, "-p", str(voice.pitch)]
        _run([*command, "-s", str(voice.speed), "-w", str(out), text])
        samples, rate = soundfile.read(str(out), dtype="float64", always_2d=True)
    if not len(samples):
        raise EspeakUnavailable(f"espeak-ng gave no audio for {voice.key}")
    mono = resample_16k(samples.mean(axis=1), rate)
    return AudioClip(mono.astype(np.float32), RATE, f"espeak-ng {voice.key}")


def render_voice(voice: EspeakVoice, sentences: int = SENTENCES_PER_VOICE) -> list[AudioClip]:
    """The voice's first ``sentences`` sentences (of its language's three), one clip each."""
    return [render(voice, text) for text in voice.sentences[:sentences]]


def recording_speakers(folder: str | os.PathLike[str]) -> list[tuple[str, list[Path]]]:
    """The voices of a folder of recordings, as (name, files): each audio file directly in it
    is one voice, and each sub-folder is one voice whose audio files (not deeper) are its
    takes. Sorted by name, so the order (and the ids rec000, rec001, ...) never depends on
    the file system."""
    root = Path(folder)
    if not root.is_dir():
        raise ValueError(f"{root}: not a folder of recordings")
    speakers = []
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.is_dir():
            takes = sorted(
                (p for p in entry.iterdir() if p.is_file() and _is_audio(p)),
                key=lambda p: p.name,
            )
            if takes:
                speakers.append((entry.name, takes))
        elif entry.is_file() and _is_audio(entry):
            speakers.append((entry.stem, [entry]))
    if not speakers:
        raise ValueError(
            f"{root}: no recordings in it ({', '.join(AUDIO_SUFFIXES)} files, or folders of them)"
        )
    return speakers


def read_recording(path: str | os.PathLike[str]) -> AudioClip:
    """A recording as 16 kHz mono float32; an unreadable file raises ValueError naming it."""
    from studio.audio.io import read_audio

    try:
        clip = read_audio(path)
    except StudioError as exc:  # AudioFileError: its text names the file and the reason
        raise ValueError(str(exc)) from exc
    mono = resample_16k(clip.samples.mean(axis=0), clip.rate)
    return AudioClip(mono.astype(np.float32), RATE, str(path))


def label_clips(clips: Sequence[AudioClip], name: str) -> VoiceLabel:
    """The measured label of one voice's takes, together; a ValueError names ``name``."""
    try:
        return label_voice(join_clips(clips), RATE)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from exc


def build_real_speech_set(
    out_dir: str | os.PathLike[str],
    voices: Sequence[EspeakVoice] = HELD_OUT,
    recordings: str | os.PathLike[str] | None = None,
    sentences: int = SENTENCES_PER_VOICE,
    progress: ProgressCallback | None = None,
) -> Path:
    """Write the held-out real-speech set under ``out_dir`` and return its manifest's path.

    ``out_dir/audio/<id>/<k>.wav`` (16 kHz 16-bit mono) for each espeak-ng voice (ids
    ``esp...`` as in ``VOICES``) and each voice of the ``recordings`` folder (``rec000``, ...);
    ``manifest.jsonl`` lists every take (split "test": no model trains on them) and
    ``labels.json`` each voice's measured label. The manifest is written last.
    """
    from studio.audio.io import write_audio
    from studio.base.atomic import write_text_atomically

    if voices:
        espeak_program()
    if not 1 <= sentences <= SENTENCES_PER_VOICE:
        raise ValueError(f"sentences must be 1..{SENTENCES_PER_VOICE}, got {sentences}")
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / "manifest.jsonl"
    manifest.unlink(missing_ok=True)
    folders = recording_speakers(recordings) if recordings is not None else []
    report = progress or (lambda fraction, message: None)
    total = len(voices) + len(folders)
    report(0.0, f"rendering {total} voices")
    lines, entries = [], []

    def write(speaker: str, clips: list[AudioClip], extra: list[dict]) -> VoiceLabel:
        folder = root / "audio" / speaker
        folder.mkdir(parents=True, exist_ok=True)
        for k, (clip, about) in enumerate(zip(clips, extra)):
            write_audio(folder / f"{k}.wav", clip)
            audio = f"audio/{speaker}/{k}.wav"
            lines.append(json.dumps({"speaker": speaker, "audio": audio, "split": "test", **about}))
        return label_clips(clips, speaker)

    for done, voice in enumerate(voices, start=1):
        speaker = voice_id(voice)
        clips = render_voice(voice, sentences)
        about = [{"source": "espeak-ng", "text": text} for text in voice.sentences[:sentences]]
        label = write(speaker, clips, about)
        entries.append({"id": speaker, **espeak_entry(voice), **label_entry(label)})
        report(done / (total + 1), f"rendered {voice.key}")
    for number, (name, files) in enumerate(folders):
        speaker = f"rec{number:03d}"
        clips = [read_recording(path) for path in files]
        about = [{"source": "recording", "file": _relative(p, Path(recordings))} for p in files]
        label = write(speaker, clips, about)
        entries.append({"id": speaker, **recording_entry(name), **label_entry(label)})
        report((len(voices) + number + 1) / (total + 1), f"labelled {name}")
    labels = {
        "format": FORMAT,
        "espeak_ng": espeak_version() if voices else None,
        "speakers": entries,
    }
    write_text_atomically(root / "labels.json", json.dumps(labels, indent=1) + "\n")
    write_text_atomically(manifest, "".join(line + "\n" for line in lines))
    report(1.0, f"wrote {len(lines)} takes of {total} voices to {manifest}")
    return manifest


def espeak_entry(voice: EspeakVoice) -> dict:
    """What a labels or speakers file says of where an espeak-ng voice came from."""
    return {
        "source": "espeak-ng",
        "voice": voice.voice,
        "pitch": voice.pitch,
        "speed": voice.speed,
        "group": "training" if voice in TRAINING else "held-out",
    }


def recording_entry(name: str) -> dict:
    return {"source": "recording", "name": name}


def label_entry(label: VoiceLabel) -> dict:
    """A measured label as JSON: the corpus-scale values, and the raw measures under "measured"."""
    values = label.to_dict()
    measured = {key: _rounded(value) for key, value in values.pop("measured").items()}
    return {**values, "label": "measured", "measured": measured}


def _rounded(value):
    return round(value, 6) if isinstance(value, float) else value


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _is_audio(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES and not path.name.startswith(".")


def _run(command: list[str]) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(command, capture_output=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EspeakUnavailable(f"espeak-ng could not run: {exc}") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EspeakUnavailable(
            f"espeak-ng failed ({' '.join(command[1:-1])}): {reason[-1] if reason else done.returncode}"
        )
    return done


def main() -> int:
    """``python -m studio.demodata.espeak_voices``: every setting with its measured label."""
    print(f"espeak-ng {espeak_version()}; labels measured on each voice's three sentences")
    print("| id | group | voice | -p | -s | F0 Hz | VTL cm | breathiness | jitter % |")
    print("|---|---|---|---|---|---|---|---|---|")
    for voice in VOICES:
        label = label_clips(render_voice(voice), voice_id(voice))
        group = "training" if voice in TRAINING else "held-out"
        print(
            f"| {voice_id(voice)} | {group} | {voice.voice} | {voice.pitch} | {voice.speed} | "
            f"{label.measured.f0_hz:.0f} | {label.vtl_cm:.1f} | {label.breathiness:.2f} | "
            f"{100 * label.jitter:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
