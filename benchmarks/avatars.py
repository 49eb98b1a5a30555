"""Avatar portraits of the demo corpus: avatars per second at 128 px on one core, and how many
of 200 speakers' avatars OpenCV's frontal face cascades (the app's detector) find a face in."""

from __future__ import annotations

import time


def main(speakers: int = 200, seed: int = 1) -> None:
    from studio.demodata.avatar import avatar
    from studio.demodata.speakers import draw_speakers
    from studio.images.faces import detect_faces

    people = draw_speakers(speakers, seed)
    avatar(people[0], 128)  # the art library and the renderer load once
    for size in (64, 128, 256):
        start = time.perf_counter()
        pictures = [avatar(person, size) for person in people]
        rate = len(pictures) / (time.perf_counter() - start)
        found = sum(bool(detect_faces(pixels)) for pixels in pictures) / len(pictures)
        print(
            f"avatars at {size} px: {rate:.0f}/s; a face found in {found:.1%} of {speakers} "
            f"(seed {seed})"
        )


if __name__ == "__main__":
    main()
