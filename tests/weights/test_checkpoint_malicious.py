"""A checkpoint that would run code when unpickled is refused, and its code never runs."""

from __future__ import annotations

import builtins
import os
import pickle
from pathlib import Path

import pytest
import torch

from studio.api.errors import WeightsError
from studio.ml.checkpoint import read_state_dict


class WritesMarkerWithExec:
    """Unpickling this calls exec() on code that creates the marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return builtins.exec, (f"open({str(self.marker)!r}, 'w').write('code ran')",)


class WritesMarkerWithSystem:
    """Unpickling this runs a shell command (works in sh and cmd) that creates the marker."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f'echo code ran > "{self.marker}"',)


PAYLOADS = [WritesMarkerWithExec, WritesMarkerWithSystem]


def plant(path: Path, payload: object, how: str) -> None:
    state = {"layer.weight": torch.zeros(2, 2), "extra": payload}
    if how == "torch-zip":
        torch.save(state, path)
    elif how == "torch-legacy":
        torch.save(state, path, _use_new_zipfile_serialization=False)
    else:  # a bare pickle renamed .pth, as found in the wild
        with path.open("wb") as stream:
            pickle.dump(state, stream, protocol=int(how.rsplit("-", 1)[1]))


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("how", ["torch-zip", "torch-legacy", "pickle-2"])
def test_planted_code_is_refused_and_never_runs(tmp_path: Path, payload: type, how: str) -> None:
    marker = tmp_path / "marker.txt"
    path = tmp_path / "evil.pth"
    plant(path, payload(marker), how)

    with pytest.raises(WeightsError) as caught:
        read_state_dict(path)

    message = str(caught.value)
    assert message.startswith(
        f"{path}: refused: it contains pickled Python objects that could run code ("
    )
    assert message.endswith("; only plain tensor checkpoints are accepted")
    assert "\n" not in message
    assert not marker.exists()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_modern_pickle_protocol_is_refused_too(tmp_path: Path, payload: type) -> None:
    # torch's safe unpickler cannot parse protocol 5 framing at all, so it refuses before
    # seeing the global; the message must still be a refusal, not a crash.
    marker = tmp_path / "marker.txt"
    path = tmp_path / "evil.pth"
    plant(path, payload(marker), "pickle-5")
    with pytest.raises(
        WeightsError, match=r"refused: .*only plain tensor checkpoints are accepted"
    ):
        read_state_dict(path)
    assert not marker.exists()


def test_allow_listing_something_else_does_not_let_the_payload_through(tmp_path: Path) -> None:
    marker = tmp_path / "marker.txt"
    path = tmp_path / "evil.pth"
    plant(path, WritesMarkerWithExec(marker), "torch-zip")
    with pytest.raises(WeightsError, match="refused"):
        read_state_dict(path, allowed_globals=[torch.Size])
    assert not marker.exists()


def test_the_planted_payload_is_live(tmp_path: Path) -> None:
    """Control: an unsafe load of the same file runs the code, so the tests above mean something."""
    marker = tmp_path / "marker.txt"
    path = tmp_path / "evil.pth"
    plant(path, WritesMarkerWithExec(marker), "torch-zip")
    torch.load(path, weights_only=False)
    assert marker.read_text() == "code ran"
