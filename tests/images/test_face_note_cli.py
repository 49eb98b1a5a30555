"""``persona-studio generate`` with a picture for a face input: a picture with no face in it
still generates but gets a one-line note on stderr naming the file; a photo with a face gets
none."""

import numpy as np
import pytest
from picture_files import photo_with_face
from PIL import Image as PILImage

from studio.audio.io import write_audio
from studio.audio.synth import speech_like
from studio.cli.main import main

pytest.importorskip("cv2")


def landscape(path):
    """Sky, hills and a sun: a picture with no face in it."""
    yy, xx = np.mgrid[0:240, 0:320]
    pixels = np.zeros((240, 320, 3), np.uint8)
    pixels[...] = (120, 170, 230)
    pixels[yy > 140 + 20 * np.sin(xx / 40)] = (60, 140, 60)
    pixels[(yy - 60) ** 2 + (xx - 250) ** 2 < 400] = (250, 220, 60)
    PILImage.fromarray(pixels).save(path)


@pytest.mark.parametrize("with_face", [False, True])
def test_a_picture_without_a_face_gets_a_note(with_face, tmp_path, capsys):
    picture = tmp_path / ("me.png" if with_face else "hills.png")
    if with_face:
        photo_with_face(picture, at=(300, 200), side=240)
    else:
        landscape(picture)
    write_audio(tmp_path / "me.wav", speech_like(1.5, 16000, seed=2))
    code = main(["generate", "xfavot:face-to-voice", "--audio", str(tmp_path / "me.wav"),
                 "--image", str(picture), "-o", str(tmp_path / "out.wav")])  # fmt: skip
    assert code == 0 and (tmp_path / "out.wav").is_file()
    err = capsys.readouterr().err
    if with_face:
        assert "no face found" not in err
    else:
        assert f"note: {picture}: no face found in this picture" in err
