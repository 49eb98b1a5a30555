"""Runs every benchmark and prints its figures (``make bench``).

Child processes are measured first, while this process has not loaded torch: a child's peak
RSS counts the memory it inherits when forked, so a torch-laden parent would inflate it.
"""

from __future__ import annotations

import os
import tempfile


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="persona-bench-") as scratch:
        os.environ["PERSONA_STUDIO_DATA"] = scratch  # never touch the user's model store
        os.environ.setdefault("PERSONA_STUDIO_DEVICE", "cpu")
        print("Persona Studio benchmarks (medians; this machine is shared, compare ratios)")
        from . import (
            avatars,
            cli_startup,
            generate_memory,
            image_input,
            project_files,
            ui_generation,
            ui_startup,
            ui_waveform,
        )

        cli_startup.main()
        generate_memory.main(scratch)
        ui_startup.main()
        ui_waveform.main(scratch)
        ui_generation.main(scratch)
        project_files.main(scratch)
        image_input.main(scratch)
        avatars.main()
        from . import peak_pyramid, wen2019_latency  # these load torch here

        wen2019_latency.main(scratch)
        from . import sf2f_latency, sf2f_quality

        sf2f_latency.main(scratch)
        sf2f_quality.main()
        from . import sound2vision_latency, sound2vision_quality

        sound2vision_latency.main(scratch)
        sound2vision_quality.main(scratch)
        from . import xfavot_latency, xfavot_quality

        xfavot_latency.main(scratch)
        xfavot_quality.main()
        from . import avpgan_latency

        avpgan_latency.main(scratch)
        peak_pyramid.main()
        from . import face_yardstick

        face_yardstick.main()


if __name__ == "__main__":
    main()
