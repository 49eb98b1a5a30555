"""Property-based fuzzing of the parsing layers: whatever the bytes, the WAV header parser and
the project reader either accept or refuse in one line, and never raise anything else.

Run just these, with the counts and timings: ``pytest -m fuzz -q --durations=0 tests/hostile``.
"""

from __future__ import annotations

import io
import json
import zipfile

import hostile_files as hf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.api.errors import InputError
from studio.audio.wav_header import WavHeader, WavHeaderError, parse_wav_header
from studio.project import read_project

EXAMPLES = 2000
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # the same examples each run: CI must not turn red by chance
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
pytestmark = pytest.mark.fuzz

u16 = st.integers(0, 0xFFFF)
u32 = st.one_of(st.integers(0, 0xFFFFFFFF), st.sampled_from([0, 1, 0xFFFFFFFF, 0x7FFFFFFF]))
fields = st.fixed_dictionaries(
    {
        "tag": st.sampled_from([1, 3, 6, 7, 2, 0x11, 0xFFFE, 0]) | u16,
        "channels": st.sampled_from([0, 1, 2, 6, 32, 33]) | u16,
        "rate": st.sampled_from([0, 8000, 16000, 44100, 768_001]) | u32,
        "bits": st.sampled_from([0, 8, 16, 24, 32, 40, 64]) | u16,
        "block_align": st.none() | u16,
        "byte_rate": st.none() | u32,
    }
)


def header_parse(data: bytes):
    try:
        return parse_wav_header(io.BytesIO(data), len(data))
    except WavHeaderError as error:
        message = str(error)
        assert message and "\n" not in message
        return None


@FUZZ
@given(st.binary(max_size=256))
def test_fuzz_wav_header_parser_with_raw_bytes(data):
    header_parse(b"RIFF" + data[:4] + b"WAVE" + data[4:])


@FUZZ
@given(
    fields,
    st.binary(max_size=64),
    st.none() | u32,
    st.lists(st.tuples(st.binary(min_size=4, max_size=4), st.binary(max_size=20), st.none() | u32), max_size=3),
    st.integers(0, 80),
)  # fmt: skip
def test_fuzz_wav_header_parser_with_lying_fields(values, data, data_length, extra, cut):
    before = b"".join(hf.chunk(name, body, length) for name, body, length in extra)
    wav = hf.wav_bytes(hf.fmt_body(**values), data=data, data_length=data_length, before=before)
    wav = wav[: len(wav) - cut] if cut else wav
    header = header_parse(wav)
    if isinstance(header, WavHeader):  # what it accepted is self-consistent and inside the file
        assert 1 <= header.channels <= 32 and header.rate > 0 and header.block_align > 0
        assert header.data_offset <= len(wav)
        if header.data_size is not None:
            assert header.data_offset + header.data_size <= len(wav)


def good_members(folder) -> dict[str, bytes]:
    return hf.project_members(folder)


@pytest.fixture(scope="module")
def members(tmp_path_factory) -> dict[str, bytes]:
    return good_members(tmp_path_factory.mktemp("project"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def mutate(manifest: dict, draw_path: list, value) -> None:
    """Replace the value at ``draw_path`` (keys or indices, followed as far as they exist)."""
    node = manifest
    for step in draw_path[:-1]:
        child = node.get(step) if isinstance(node, dict) else None
        if isinstance(child, (dict, list)):
            node = child
    if isinstance(node, dict):
        node[draw_path[-1]] = value
    elif isinstance(node, list) and node:
        node[0] = value


KEYS = ["sources", "a1", "file", "tracks", "segments", "source", "start", "end", "rate", "id",
        "format", "kind", "results", "ramps", "gain", "channels", "master_db", "settings"]  # fmt: skip


def read_bytes(tmp_path, data: bytes):
    path = tmp_path / "fuzz.persona"
    path.write_bytes(data)
    try:
        return read_project(path)
    except InputError as error:
        message = str(error)
        assert message.startswith(str(path)) and "\n" not in message
        return None


@FUZZ
@given(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4), json_values)
def test_fuzz_project_reader_with_lying_manifests(tmp_path, members, path, value):
    manifest = json.loads(members["manifest.json"])
    mutate(manifest, path, value)
    stored = dict(members, **{"manifest.json": json.dumps(manifest).encode()})
    read_bytes(tmp_path, hf.zip_bytes(stored))


@FUZZ
@given(st.integers(0, 10_000), st.binary(min_size=1, max_size=8), st.booleans())
def test_fuzz_project_reader_with_damaged_bytes(tmp_path, members, at, junk, deflate):
    data = bytearray(hf.zip_bytes(members, deflate=deflate))
    at %= len(data)
    data[at : at + len(junk)] = junk  # overwrite a few bytes anywhere: directory, headers, media
    read_bytes(tmp_path, bytes(data))


def test_fuzz_sanity_the_unharmed_project_reads(tmp_path, members):
    project = read_bytes(tmp_path, hf.zip_bytes(members))
    assert project is not None and project.sources["a1"].frames == 1600
    assert zipfile.is_zipfile(io.BytesIO(hf.zip_bytes(members)))
