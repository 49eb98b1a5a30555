"""The CUDA and CPU builds: which environment builds which, and a clear message when the
PyTorch wheel index for a variant cannot be reached."""

import pytest
from builder import variants


def test_the_lock_pins_one_torch_trio():
    pins = variants.locked()
    assert all(name in pins for name in variants.TORCH_TRIO)


def test_an_unreachable_index_names_the_variant_and_the_way_out():
    with pytest.raises(variants.VariantUnavailable) as raised:
        variants.check_reachable("http://127.0.0.1:9/whl/cpu", "cpu")
    message = str(raised.value)
    assert "cpu build needs the PyTorch cpu wheels from http://127.0.0.1:9/whl/cpu" in message
    assert "PERSONA_TORCH_CPU_INDEX" in message


def test_a_local_folder_of_wheels_counts_as_reachable(tmp_path):
    variants.check_reachable(str(tmp_path), "cpu")


def test_the_index_can_be_overridden(monkeypatch):
    monkeypatch.setenv("PERSONA_TORCH_CPU_INDEX", "/srv/wheels")
    assert variants.index_for("cpu") == "/srv/wheels"
    assert variants.index_for("cuda") == variants.INDEXES["cuda"]
