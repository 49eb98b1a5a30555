"""``python -m tools.layers [--root DIR]``: check the tree's imports; exit 1 on any violation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .check import check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.layers", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args(argv)
    violations = check(args.root.resolve())
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} import(s) break the layer rules (tools/layers/rules.py)")
        return 1
    print("layers: every import follows tools/layers/rules.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
