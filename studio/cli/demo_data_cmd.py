"""``persona-studio demo-data voices-faces|real-speech|sounds-scenes --out DIR``: build a corpus
offline (synthetic, plus espeak-ng voices and recordings labelled by measuring them)."""

from __future__ import annotations

import sys
from pathlib import Path

from .progress_bar import ProgressBar


def add_parser(commands) -> None:
    parser = commands.add_parser("demo-data", help="build deterministic synthetic corpora")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    voices_faces = kinds.add_parser(
        "voices-faces", help="speakers whose voice parameters also shape their avatars"
    )
    voices_faces.add_argument("--out", type=Path, help="corpus folder")
    voices_faces.add_argument(
        "--gallery", type=Path, metavar="FILE", help="also (or only) a PNG sheet of the avatars"
    )
    voices_faces.add_argument("--speakers", type=int, default=200)
    voices_faces.add_argument("--seed", type=int, default=1)
    voices_faces.add_argument("--utterances", type=int, default=8, help="utterances per speaker")
    voices_faces.add_argument(
        "--faces",
        type=int,
        default=None,
        help="drawn faces per speaker (default: as many as utterances; an avatar is one)",
    )
    voices_faces.add_argument(
        "--seconds", type=float, nargs=2, default=(3.0, 8.0), metavar=("SHORTEST", "LONGEST")
    )
    voices_faces.add_argument(
        "--face-style",
        choices=("avatar", "drawn"),
        default="avatar",
        help="avatar portraits (default) or the old 64 px drawn faces the shipped models learnt",
    )
    voices_faces.add_argument(
        "--face-size", type=int, default=128, help="avatar side in pixels (default 128)"
    )
    voices_faces.add_argument("--heldout", type=float, default=0.2, help="share of test speakers")
    voices_faces.add_argument("--workers", type=int, default=1, help="processes rendering speakers")
    voices_faces.add_argument(
        "--espeak",
        action="store_true",
        help="add espeak-ng's training voices, labelled by measuring",
    )
    voices_faces.add_argument(
        "--voices",
        type=Path,
        metavar="DIR",
        help="add a folder of recordings (a voice per file or sub-folder), labelled by measuring",
    )
    voices_faces.add_argument(
        "--augment",
        action="store_true",
        help="also an augmented copy of each synthetic take (room, noise, phone line, codec, level)",
    )
    voices_faces.set_defaults(run=run_voices_faces)
    real_speech = kinds.add_parser(
        "real-speech", help="held-out espeak-ng voices (and recordings) with measured labels"
    )
    real_speech.add_argument("--out", type=Path, required=True, help="folder of the set")
    real_speech.add_argument("--voices", type=Path, metavar="DIR", help="also these recordings")
    real_speech.add_argument(
        "--no-espeak", action="store_true", help="only the recordings, no espeak-ng voices"
    )
    real_speech.set_defaults(run=run_real_speech)
    sounds_scenes = kinds.add_parser(
        "sounds-scenes", help="sounds whose classes and levels over a bed shape drawn scenes"
    )
    sounds_scenes.add_argument("--out", type=Path, required=True, help="corpus folder")
    sounds_scenes.add_argument("--items", type=int, default=2000, help="sound-scene pairs")
    sounds_scenes.add_argument("--seed", type=int, default=1)
    sounds_scenes.set_defaults(run=run_sounds_scenes)


def run_voices_faces(args) -> int:
    if args.out is None and args.gallery is None:
        print("persona-studio: error: give --out DIR, --gallery FILE or both", file=sys.stderr)
        return 2
    if args.out is not None:
        try:
            _build_voices_faces(args)
        except ValueError as error:  # an argument out of range: say which, as argparse would
            print(f"persona-studio: error: {error}", file=sys.stderr)
            return 2
    if args.gallery is not None:
        from studio.demodata.avatar_gallery import gallery
        from studio.demodata.speakers import draw_speakers

        # From the speakers alone: a corpus built with the same seed has the same ones.
        gallery(draw_speakers(args.speakers, args.seed), args.gallery)
        print(f"wrote the avatars of {args.speakers} speakers to {args.gallery}")
    return 0


def _build_voices_faces(args) -> None:
    from studio.demodata.corpus import build_voices_faces

    bar = ProgressBar("demo-data")
    try:
        build_voices_faces(
            args.out,
            speakers=args.speakers,
            seed=args.seed,
            utterances_per_speaker=args.utterances,
            faces_per_speaker=args.faces or args.utterances,
            seconds=tuple(args.seconds),
            heldout_fraction=args.heldout,
            progress=bar,
            workers=args.workers,
            face_style=args.face_style,
            face_size=args.face_size,
            espeak_voices=args.espeak,
            voices_dir=args.voices,
            augment=args.augment,
        )
    finally:
        bar.close()
    print(f"wrote {args.speakers} speakers to {args.out} (manifest: {args.out / 'manifest.jsonl'})")


def run_real_speech(args) -> int:
    from studio.demodata.espeak_voices import HELD_OUT, build_real_speech_set

    if args.no_espeak and args.voices is None:
        print("persona-studio: error: --no-espeak needs --voices DIR", file=sys.stderr)
        return 2
    bar = ProgressBar("demo-data")
    try:
        voices = () if args.no_espeak else HELD_OUT
        manifest = build_real_speech_set(args.out, voices, args.voices, progress=bar)
    except ValueError as error:  # a recording that cannot be read or labelled: named
        manifest, problem = None, str(error)
    finally:
        bar.close()
    if manifest is None:
        print(f"persona-studio: error: {problem}", file=sys.stderr)
        return 2
    print(f"wrote the real-speech set to {args.out} (manifest: {manifest})")
    return 0


def run_sounds_scenes(args) -> int:
    from studio.demodata.sound_scenes import build_sounds_scenes

    bar = ProgressBar("demo-data")
    try:
        manifest = build_sounds_scenes(args.out, items=args.items, seed=args.seed, progress=bar)
    finally:
        bar.close()
    print(f"wrote {args.items} sound-scene pairs to {args.out} (manifest: {manifest})")
    return 0
