"""``python -m studio.demodata OUT_DIR``: write a synthetic voice–face corpus (docs/demo-data.md)."""

from __future__ import annotations

import argparse
import sys
import time

from studio.cli.progress_bar import ProgressBar

from .corpus import build_voices_faces


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio.demodata", description=__doc__)
    parser.add_argument("out_dir")
    parser.add_argument("--speakers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--utterances", type=int, default=8, help="per speaker")
    parser.add_argument("--faces", type=int, default=8, help="per speaker")
    parser.add_argument(
        "--seconds", type=float, nargs=2, default=(3.0, 8.0), metavar=("SHORTEST", "LONGEST")
    )
    parser.add_argument("--heldout", type=float, default=0.2, help="share of test speakers")
    parser.add_argument("--workers", type=int, default=1, help="processes rendering speakers")
    args = parser.parse_args(argv)
    bar = ProgressBar("building")
    started = time.monotonic()
    try:
        manifest = build_voices_faces(
            args.out_dir,
            speakers=args.speakers,
            seed=args.seed,
            utterances_per_speaker=args.utterances,
            faces_per_speaker=args.faces,
            seconds=tuple(args.seconds),
            heldout_fraction=args.heldout,
            progress=bar,
            workers=args.workers,
        )
    except ValueError as error:
        bar.close()
        print(f"error: {error}", file=sys.stderr)
        return 2
    bar.close()
    print(f"{manifest} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
