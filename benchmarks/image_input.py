"""Opening a 12000x12000 JPEG as a picture input: decoded upright at working size, the crop
proposed around the face in it and cut out, the way the app's worker does it. Median wall time
of a few runs, its parts, and the peak memory of a process doing it once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .timing import median_ms

SIDE = 12000
CHILD = (
    "import re, sys; from studio.images.prepared import prepare; prepare(sys.argv[1]); "
    "print(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1))"
)


def photo(path: Path) -> None:
    """A 144-megapixel photo with a demo face 2400 px wide off centre (made once, ~2 s)."""
    from PIL import Image as PILImage

    from studio.demodata.face import face
    from studio.demodata.speakers import draw_speakers

    drawn = PILImage.fromarray(face(draw_speakers(1, seed=11)[0], seed=0))
    canvas = PILImage.new("RGB", (SIDE, SIDE), (70, 110, 90))
    canvas.paste(drawn.resize((2400, 2400), PILImage.Resampling.BICUBIC), (7000, 3000))
    canvas.save(path, quality=85)


def peak_mb(path: Path) -> float | None:
    """VmHWM of a fresh process that opens ``path`` once (Linux only)."""
    if not Path("/proc/self/status").exists():
        return None
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True)
    return int(done.stdout.split()[-1]) / 1024 if done.returncode == 0 else None


def main(scratch: str) -> None:
    from studio.images.faces import detect_faces
    from studio.images.picture import open_picture
    from studio.images.prepared import prepare

    path = Path(scratch) / "huge.jpg"
    photo(path)
    found: list = []
    total = median_ms(lambda: found.append(prepare(path)), repeat=5)
    decode = median_ms(lambda: open_picture(path), repeat=5)
    picture = open_picture(path)
    search = median_ms(lambda: detect_faces(picture.pixels), repeat=5)
    prepared = found[-1]
    peak = peak_mb(path)
    size = path.stat().st_size / 1e6
    memory = f", peak RSS of a process doing it {peak:.0f} MB" if peak else ""
    print(
        f"picture input, {SIDE}x{SIDE} JPEG ({size:.1f} MB): opened and crop proposed in "
        f"{total:.0f} ms median (decode upright {decode:.0f} ms to "
        f"{picture.pixels.shape[1]}x{picture.pixels.shape[0]}, face search {search:.0f} ms; "
        f"{prepared.proposal.note}){memory}; a full decode alone holds 576 MB"
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        main(folder)
