"""Runs every benchmark and prints its figures (``make bench``)."""

from __future__ import annotations

import os
import tempfile

from . import cli_startup, generate_memory, peak_pyramid, wen2019_latency


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="persona-bench-") as scratch:
        os.environ["PERSONA_STUDIO_DATA"] = scratch  # never touch the user's model store
        os.environ.setdefault("PERSONA_STUDIO_DEVICE", "cpu")
        print("Persona Studio benchmarks (medians; this machine is shared, compare ratios)")
        cli_startup.main()
        wen2019_latency.main(scratch)
        generate_memory.main(scratch)
        peak_pyramid.main()


if __name__ == "__main__":
    main()
