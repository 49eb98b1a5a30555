"""Reading and writing model weights safely: the only place plugins should touch checkpoint files.

* :func:`read_state_dict` reads a PyTorch ``.pth``/``.pt``/``.ckpt`` file with torch's
  ``weights_only`` unpickler and never anything looser: a checkpoint from the internet may
  carry pickled code, and refusing it is the whole point.
* :func:`check_layout` compares a state dict with the keys and shapes a model expects and
  says, in one line, what is missing, unexpected or the wrong shape.
* :func:`save_safetensors` / :func:`load_safetensors` handle the model store's own format,
  which holds only raw tensors and so cannot run code at all.

Every failure is a :class:`~studio.api.errors.WeightsError` whose message names the file.
"""

from __future__ import annotations

import pickle
import re
import threading
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import safetensors
import safetensors.torch
import torch

from studio.api.errors import WeightsError, shown_name
from studio.api.files import file_problem
from studio.api.zipguard import zip_problem

StrPath = str | PathLike[str]
Shape = tuple[int, ...]

# Training scripts often save ``{"state_dict": ..., "epoch": ..., "optimizer": ...}``.
WRAPPER_KEYS = ("state_dict", "model")
PREVIEW = 5  # how many keys an error message names before summarising the rest

_ZIP_MAGIC = b"PK\x03\x04"  # torch.save's default format is a zip archive
_PICKLE_PROTO = 0x80  # the legacy format (and plain pickles) open with the PROTO opcode
_UNPICKLER_REASON = re.compile(r"WeightsUnpickler error:\s*(.+)", re.DOTALL)
# How torch's safe unpickler words a refused global, object construction or call.
_RUNS_CODE = re.compile(r"GLOBAL|allowlisted|reduce for")
_LOAD_LOCK = threading.Lock()


def read_state_dict(
    path: StrPath,
    *,
    key: str | None = None,
    allowed_globals: Sequence[Any] = (),
) -> dict[str, torch.Tensor]:
    """The tensors of the PyTorch checkpoint at ``path``, on the CPU.

    Tensors saved from a GPU load on a CPU-only machine (``map_location="cpu"``). When the
    file holds a training checkpoint whose single ``state_dict`` or ``model`` entry is the
    state dict, that entry is returned; ``key`` picks another entry explicitly (e.g.
    ``"g_ema"``). ``allowed_globals`` extends torch's ``weights_only`` allow-list for
    checkpoints that pickle harmless extra types (e.g. ``argparse.Namespace``); only list
    types you have read the code of.
    """
    path = _require_file(path)
    return _state_dict(_unwrap(_safe_load(path, allowed_globals), path, key), path)


def read_record(path: StrPath, *, allowed_globals: Sequence[Any] = ()) -> Any:
    """Whatever the checkpoint at ``path`` holds (e.g. a training record with a config), read
    with the same ``weights_only`` unpickler and refusals as :func:`read_state_dict`."""
    return _safe_load(_require_file(path), allowed_globals)


def _safe_load(path: Path, allowed_globals: Sequence[Any]) -> Any:
    _check_container(path)
    try:
        # torch's allow-list is process-wide, so one caller's extra globals must not be in
        # force while another thread loads a file: loads take turns.
        with (
            _LOAD_LOCK,
            torch.serialization.safe_globals(list(allowed_globals)),
            warnings.catch_warnings(),
        ):
            # Plain pickles of protocol 4+ trigger a noisy warning before their refusal.
            warnings.filterwarnings("ignore", message="Detected pickle protocol")
            return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        raise _refusal(path, error) from None
    except EOFError:
        raise _fail(path, "not a readable PyTorch checkpoint: the file ends too early") from None
    except Exception as error:
        raise _fail(path, f"not a readable PyTorch checkpoint ({_first_line(error)})") from None


def check_layout(
    state: Mapping[str, Any],
    expected: Mapping[str, Sequence[int]],
    file: StrPath,
    *,
    optional: Iterable[str] = (),
) -> None:
    """Raise :class:`WeightsError` unless ``state`` has exactly the ``expected`` keys and shapes.

    Keys in ``optional`` may be present or absent (e.g. BatchNorm's ``num_batches_tracked``);
    when present and expected, their shape is still checked.
    """
    optional = set(optional)
    missing = [k for k in expected if k not in state and k not in optional]
    unexpected = [k for k in state if k not in expected and k not in optional]
    wrong = [
        f"{k}: expected {_shape(expected[k])}, found {_shape(state[k].shape)}"
        for k in expected
        if k in state and tuple(state[k].shape) != tuple(expected[k])
    ]
    if not (missing or unexpected or wrong):
        return
    problems = [
        f"{label} {len(items)} ({_preview(items)})"
        for label, items in (
            ("missing", missing),
            ("unexpected", unexpected),
            ("wrong shape", wrong),
        )
        if items
    ]
    raise _fail(
        file,
        f"the tensors do not match the layout this model expects (expected {len(expected)} "
        f"tensors, found {len(state)}): " + "; ".join(problems),
    )


def layout_of(tensors: Mapping[str, Any]) -> dict[str, Shape]:
    """Key -> shape of a state dict (e.g. ``module.state_dict()``), the form check_layout takes."""
    return {name: tuple(int(n) for n in value.shape) for name, value in tensors.items()}


def save_safetensors(
    path: StrPath,
    tensors: Mapping[str, Any],
    metadata: Mapping[str, str] | None = None,
) -> None:
    """Write ``tensors`` (torch tensors or numpy arrays) to ``path`` in the safetensors format.

    Tensors are copied to contiguous CPU memory first; tensors sharing storage (tied weights)
    are written as separate copies, which the format requires.
    """
    metadata = dict(metadata or {})
    bad = [k for k, v in metadata.items() if not (isinstance(k, str) and isinstance(v, str))]
    if bad:
        raise _fail(
            path, f"cannot save: metadata must map text to text ({_preview(map(repr, bad))})"
        )
    prepared = _prepare_for_saving(tensors, path)
    safetensors.torch.save_file(prepared, str(path), metadata=metadata or None)


def load_safetensors(path: StrPath, device: str = "cpu") -> dict[str, torch.Tensor]:
    """The tensors of the safetensors file at ``path``, placed on ``device``."""
    path = _require_file(path)
    try:
        return safetensors.torch.load_file(str(path), device=device)
    except (safetensors.SafetensorError, OSError, ValueError) as error:
        raise _fail(path, f"not a readable safetensors file ({_first_line(error)})") from None


def _require_file(path: StrPath) -> Path:
    problem = file_problem(path)
    if problem:
        raise _fail(path, problem)
    return Path(path)


def _check_container(path: Path) -> None:
    """Refuse files that are not a torch checkpoint before torch sees them, with a clear reason.

    torch reports random bytes and refused code alike as ``UnpicklingError``; sniffing the
    container first keeps the two apart in the messages.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
    except OSError as error:
        raise _fail(path, f"cannot be read ({error.strerror or error})") from None
    if not head:
        raise _fail(path, "not a PyTorch checkpoint: the file is empty")
    if _looks_like_safetensors(head):
        raise _fail(path, "a safetensors file, not a PyTorch checkpoint; read it as safetensors")
    if head.startswith(_ZIP_MAGIC):
        _check_zip(path)
    elif head[0] != _PICKLE_PROTO:
        raise _fail(path, "not a PyTorch checkpoint (neither a torch zip archive nor a pickle)")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            problem = zip_problem(archive)
    except Exception as error:  # BadZipFile, OSError, and struct errors from a forged directory
        raise _fail(path, f"a damaged zip archive ({_first_line(error)})") from None
    if problem:
        raise _fail(path, f"refused: {problem}")
    if any(name.endswith("/constants.pkl") for name in names):
        raise _fail(path, "a TorchScript archive, not a checkpoint of plain tensors")
    if not any(name.count("/") == 1 and name.endswith("/data.pkl") for name in names):
        raise _fail(path, "a zip archive but not a PyTorch checkpoint (it has no data.pkl)")


def _looks_like_safetensors(head: bytes) -> bool:
    # 8-byte little-endian header length, then the JSON header itself.
    return len(head) > 8 and head[8:9] == b"{" and 0 < int.from_bytes(head[:8], "little") < 1 << 28


def _refusal(path: Path, error: pickle.UnpicklingError) -> WeightsError:
    reason = _unpickler_reason(error)
    if _RUNS_CODE.search(reason):
        return _fail(
            path,
            f"refused: it contains pickled Python objects that could run code ({reason}); "
            "only plain tensor checkpoints are accepted",
        )
    return _fail(
        path,
        f"refused: the safe loader cannot read its pickled data ({reason}); it is damaged or "
        "holds Python objects that could run code; only plain tensor checkpoints are accepted",
    )


def _unpickler_reason(error: pickle.UnpicklingError) -> str:
    """The specific cause torch's safe unpickler gave, e.g. 'GLOBAL posix.system ... is blocked'.

    torch re-raises it wrapped in several lines of advice (including "use weights_only=False",
    which is exactly what we must not do); the original stays in ``__context__``.
    """
    inner = error.__context__
    text = str(inner) if isinstance(inner, pickle.UnpicklingError) else str(error)
    match = _UNPICKLER_REASON.search(text)
    text = (match.group(1) if match else text).strip()
    reason = text.split("\n", 1)[0].split(". Please", 1)[0].rstrip(".")
    return reason.replace(" was not an allowed global by default", " is not allowed") or "?"


def _unwrap(loaded: Any, path: Path, key: str | None) -> Any:
    if key is not None:
        if not isinstance(loaded, Mapping) or key not in loaded:
            raise _fail(path, f"has no {key!r} entry ({_top_level(loaded)})")
        return loaded[key]
    if isinstance(loaded, Mapping) and not all(
        isinstance(v, torch.Tensor) for v in loaded.values()
    ):
        wrapped = [k for k in WRAPPER_KEYS if isinstance(loaded.get(k), Mapping)]
        if len(wrapped) == 1:
            return loaded[wrapped[0]]
        if wrapped:
            raise _fail(path, f"ambiguous: both {' and '.join(map(repr, wrapped))} hold a mapping")
    return loaded


def _state_dict(value: Any, path: Path) -> dict[str, torch.Tensor]:
    if not isinstance(value, Mapping):
        raise _fail(path, f"holds a {type(value).__name__}, not a state dict of named tensors")
    not_text = [repr(k) for k in value if not isinstance(k, str)]
    if not_text:
        raise _fail(
            path, f"not a state dict: {len(not_text)} keys are not text ({_preview(not_text)})"
        )
    not_tensors = [
        f"{k}: {type(v).__name__}" for k, v in value.items() if not isinstance(v, torch.Tensor)
    ]
    if not_tensors:
        raise _fail(
            path,
            f"not a plain state dict: {len(not_tensors)} of {len(value)} entries are not tensors "
            f"({_preview(not_tensors)})",
        )
    if not value:
        raise _fail(path, "holds no tensors")
    return dict(value)


def _prepare_for_saving(tensors: Mapping[str, Any], path: StrPath) -> dict[str, torch.Tensor]:
    prepared: dict[str, torch.Tensor] = {}
    storages: set[int] = set()
    for name, value in tensors.items():
        if not isinstance(name, str):
            raise _fail(path, f"cannot save: tensor name {name!r} is not text")
        tensor = _as_cpu_tensor(name, value, path)
        storage = tensor.untyped_storage().data_ptr()
        if storage and storage in storages:
            tensor = tensor.clone()  # safetensors refuses tensors that share memory
        storages.add(tensor.untyped_storage().data_ptr())
        prepared[name] = tensor
    return prepared


def _as_cpu_tensor(name: str, value: Any, path: StrPath) -> torch.Tensor:
    if isinstance(value, np.ndarray):
        try:
            value = torch.from_numpy(np.ascontiguousarray(value))
        except TypeError as error:
            raise _fail(path, f"cannot save {name!r}: {error}") from None
    if not isinstance(value, torch.Tensor):
        raise _fail(path, f"cannot save {name!r}: a {type(value).__name__} is not a tensor")
    return value.detach().to("cpu").contiguous()


def _top_level(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"top-level keys: {_preview(map(str, value))}" if value else "it is an empty mapping"
    return f"it holds a {type(value).__name__}"


def _preview(items: Iterable[str], limit: int = PREVIEW) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown}, … and {len(items) - limit} more"


def _shape(shape: Sequence[int]) -> str:
    return "(" + ", ".join(str(int(n)) for n in shape) + ")"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _fail(path: StrPath, reason: str) -> WeightsError:
    return WeightsError(f"{shown_name(path)}: {reason}")
