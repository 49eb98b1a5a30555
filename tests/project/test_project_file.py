"""A .persona file gives back every track, edit, mixer setting, result and recipe; saving is
atomic; damaged and newer-format files are refused with a clear message."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
import soundfile
from project_values import INFO, edited_project, results

from studio.api import AudioClip
from studio.api.errors import InputError
from studio.project import FORMAT, MIME_TYPE, read_project, write_project
from studio.project.archive import NewerFormatError
from studio.ui.model.persist import from_file, to_file

SETTINGS = {"generator": INFO.id, "seed": 7, "params": {"variation": 0.25}}


def save(path, project=None, selection=None, made=None):
    if project is None:
        project, selection = edited_project()
    write_project(path, to_file(project, selection, made or results(), SETTINGS))


def test_save_and_open_give_back_every_edit_and_result(tmp_path):
    project, selection = edited_project()
    made = results()
    path = tmp_path / "song.persona"
    write_project(path, to_file(project, selection, made, SETTINGS))
    restored = from_file(read_project(path), {INFO.id: INFO})

    again = restored.project
    assert [t.name for t in again.tracks] == [t.name for t in project.tracks]
    assert again.master_db == project.master_db and again.crossfade == project.crossfade
    for old, new in zip(project.tracks, again.tracks, strict=True):
        assert (new.id, new.rate, new.channels, new.volume_db, new.mute, new.solo) == (
            old.id, old.rate, old.channels, old.volume_db, old.mute, old.solo
        )  # fmt: skip
        assert [(s.start, s.end, s.gain, s.ramps) for s in new.segments] == [
            (s.start, s.end, s.gain, s.ramps) for s in old.segments
        ]
        # 24-bit FLAC: the rendered audio is the same to within one 24-bit step
        np.testing.assert_allclose(new.render(0, new.frames), old.render(0, old.frames), atol=2e-7)
    # the pasted snippet still shares the voice's audio: stored once, not twice
    assert len({id(s.source) for t in again.tracks for s in t.segments}) == 2
    assert len(read_project(path).sources) == 2
    assert restored.selection == selection and restored.settings == SETTINGS
    assert restored.next_track_id == 6

    assert [r.number for r in restored.results] == [1, 2, 3]
    for old, new in zip(made, restored.results, strict=True):
        assert new.info is INFO and new.recipe == old.recipe and new.weights == old.weights
        assert new.derived_from == old.derived_from and new.model == old.model.__class__(
            old.model.plugin,
            old.model.name,
            new.model.directory,
            old.model.config,
            old.model.sha256,
        )
        for a, b in ((new.latent, old.latent), (new.encoded, old.encoded)):
            assert a.arrays.keys() == b.arrays.keys() and a.extras.keys() == b.extras.keys()
            for name in a.arrays:
                np.testing.assert_array_equal(a.arrays[name], b.arrays[name])
    np.testing.assert_array_equal(restored.results[0].output.pixels, made[0].output.pixels)
    np.testing.assert_allclose(
        restored.results[1].output.samples, made[1].output.samples, atol=2e-7
    )
    np.testing.assert_array_equal(restored.results[1].positions, made[1].positions)
    np.testing.assert_allclose(
        restored.results[0].inputs["voice"].samples, made[0].inputs["voice"].samples, atol=2e-7
    )


def test_the_file_is_a_zip_with_a_mimetype_and_a_versioned_manifest(tmp_path):
    path = tmp_path / "song.persona"
    save(path)
    with zipfile.ZipFile(path) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype").decode() == MIME_TYPE
        manifest = json.loads(archive.read("manifest.json"))
        names = archive.namelist()
    assert manifest["format"] == FORMAT
    assert {"audio/a1.flac", "outputs/1.png", "outputs/2.flac", "inputs/1-voice.flac"} <= set(names)
    assert manifest["results"][0]["recipe"]["seed"] == 7


def test_a_failed_save_leaves_the_previous_file_as_it_was(tmp_path):
    path = tmp_path / "song.persona"
    save(path)
    before = path.read_bytes()
    project, selection = edited_project()
    broken = to_file(project, selection, [], SETTINGS)
    # FLAC holds at most 8 channels: encoding fails half-way through writing the zip
    broken.sources["a2"] = AudioClip(np.zeros((9, 100), np.float32), 16000)
    with pytest.raises(soundfile.SoundFileError):
        write_project(path, broken)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["song.persona"]  # no temporary left


def test_a_newer_format_is_refused_saying_so(tmp_path):
    path = tmp_path / "future.persona"
    save(path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest.update(format=FORMAT + 1, app_version="9.0")
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(NewerFormatError, match="made by a newer version of Persona Studio") as info:
        read_project(path)
    assert str(path) in str(info.value) and "9.0" in str(info.value)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"just text", "not a Persona Studio project (not a zip archive)"),
        (None, "no manifest.json inside"),
        ("missing-audio", "damaged (missing audio/a1.flac"),
    ],
)
def test_damaged_files_get_a_message_naming_the_file(tmp_path, content, words):
    path = tmp_path / "bad.persona"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", MIME_TYPE)
    else:
        save(path)
        with zipfile.ZipFile(path) as archive:
            members = {n: archive.read(n) for n in archive.namelist() if n != "audio/a1.flac"}
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    with pytest.raises(InputError) as info:
        read_project(path)
    assert str(path) in str(info.value) and words in str(info.value)


def test_results_of_a_plugin_that_is_not_installed_still_open(tmp_path):
    path = tmp_path / "song.persona"
    save(path)
    restored = from_file(read_project(path), {})  # no generators at all
    assert restored.results[0].info.title == "Example swatch (plugin not installed)"
    assert restored.results[0].info.id == INFO.id and restored.results[0].recipe.seed == 7


def test_a_save_clears_old_leftovers_of_killed_saves(tmp_path):
    import os

    path = tmp_path / "song.persona"
    old, recent = tmp_path / ".song.persona.abc.tmp", tmp_path / ".song.persona.def.tmp"
    old.write_bytes(b"half a zip")
    recent.write_bytes(b"another save, running now")
    os.utime(old, (0, 0))
    save(path)
    assert not old.exists() and recent.exists()
