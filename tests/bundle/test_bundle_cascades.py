"""The bundle carries OpenCV's face cascades: PyInstaller's cv2 hook collects its code and
libraries but not cv2/data, so packaging/hooks adds the two files face detection loads."""

import runpy
from pathlib import Path

import pytest

from studio.images.faces import CASCADES

HOOK = Path(__file__).resolve().parents[2] / "packaging" / "hooks" / "hook-studio.images.faces.py"


def test_the_hook_bundles_exactly_the_cascades_face_detection_loads():
    pytest.importorskip("cv2")
    pytest.importorskip("PyInstaller")
    datas = runpy.run_path(str(HOOK))["datas"]
    assert sorted(Path(source).name for source, _ in datas) == sorted(CASCADES)
    assert {target for _, target in datas} == {"cv2/data"}  # where cv2.data.haarcascades looks
    assert all(Path(source).is_file() for source, _ in datas)
