"""The hostile corpus: odd and hostile files through every public reader.

Each case is (maker, reader, expected): the maker writes the file, the reader is the app's own
public reading function, and the outcome is either a refusal (an InputError or WeightsError
of one line naming the file and containing the given words) or an acceptance checked by a
function of what was read.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hostile_files as hf
import numpy as np
import pytest
import soundfile as sf

from studio.api.errors import StudioError, shown_name
from studio.audio.io import read_audio
from studio.engine.image_io import read_image
from studio.engine.latent_io import load_latent
from studio.engine.recipe import RECIPE_KEY, read_recipe
from studio.ml.manifest import read_manifest
from studio.project import read_project


def read_weights(path: Path) -> Any:
    from studio.ml.checkpoint import read_state_dict

    return read_state_dict(path)


@dataclass(frozen=True)
class Refused:
    words: str


@dataclass(frozen=True)
class Accepted:
    check: Callable[[Any], bool]


def frames(n: int, channels: int = 1) -> Accepted:
    return Accepted(lambda clip: clip.samples.shape == (channels, n) and np.isfinite(clip.samples).all())


def pixels(width: int, height: int) -> Accepted:
    return Accepted(lambda image: image.pixels.shape == (height, width, 3))


TONE = len(hf.tone())
PCM = (hf.tone() * 32767).astype("<i2").tobytes()


def recipe_json(**change) -> str:
    recipe = {
        "generator": "wen2019:voice-to-face",
        "weights": {"plugin": "wen2019", "name": "demo", "sha256": "0" * 64},
        "params": {"variation": 0.0},
        "seed": 7,
        "inputs": {},
        "latent": None,
        "device": "cpu",
        "app_version": "0.1.0",
        "format": 1,
    }
    recipe.update(change)
    return json.dumps(recipe)


def manifest_file(folder: Path, name: str, text: str | bytes) -> Path:
    return hf.write(folder, name, text.encode() if isinstance(text, str) else text)


def deep(n: int = 100_000) -> str:
    return "[" * n + "]" * n


def edit(**values):
    def apply(manifest):
        manifest.update(values)

    return apply


def first_source(field, value):
    def apply(manifest):
        manifest["sources"]["a1"][field] = value

    return apply


def first_track(field, value):
    def apply(manifest):
        manifest["tracks"][0][field] = value

    return apply


# (case id, maker(folder) -> path, reader, expected)
CASES: list[tuple[str, Callable[[Path], Path], Callable[[Path], Any], Refused | Accepted]] = [
    # -- audio: headers that lie ---------------------------------------------------------------
    ("wav-good", lambda d: hf.write(d, "good.wav", hf.wav_bytes()), read_audio, frames(TONE)),
    ("wav-width-40", lambda d: hf.write(d, "w40.wav", hf.wav_bytes(hf.fmt_body(bits=40, block_align=2))), read_audio, Refused("impossible sample width")),
    ("wav-width-0", lambda d: hf.write(d, "w0.wav", hf.wav_bytes(hf.fmt_body(bits=0, block_align=2))), read_audio, Refused("impossible sample width")),
    ("wav-float-16", lambda d: hf.write(d, "f16.wav", hf.wav_bytes(hf.fmt_body(tag=3, bits=16))), read_audio, Refused("impossible sample width")),
    ("wav-alaw-16", lambda d: hf.write(d, "alaw.wav", hf.wav_bytes(hf.fmt_body(tag=6, bits=16))), read_audio, Refused("impossible sample width")),
    ("wav-0-channels", lambda d: hf.write(d, "c0.wav", hf.wav_bytes(hf.fmt_body(channels=0, block_align=2))), read_audio, Refused("0 channels")),
    ("wav-200-channels", lambda d: hf.write(d, "c200.wav", hf.wav_bytes(hf.fmt_body(channels=200))), read_audio, Refused("200 channels")),
    ("wav-rate-0", lambda d: hf.write(d, "r0.wav", hf.wav_bytes(hf.fmt_body(rate=0))), read_audio, Refused("impossible sample rate")),
    ("wav-rate-4MHz", lambda d: hf.write(d, "r4m.wav", hf.wav_bytes(hf.fmt_body(rate=4_000_000))), read_audio, Refused("impossible sample rate")),
    ("wav-block-align", lambda d: hf.write(d, "ba.wav", hf.wav_bytes(hf.fmt_body(block_align=4))), read_audio, Refused("contradicts itself")),
    ("wav-byte-rate", lambda d: hf.write(d, "br.wav", hf.wav_bytes(hf.fmt_body(byte_rate=1234))), read_audio, Refused("contradicts itself")),
    ("wav-partial-frame", lambda d: hf.write(d, "pf.wav", hf.wav_bytes(hf.fmt_body(channels=2), data=PCM + b"\0\0")), read_audio, Refused("whole number")),
    ("wav-data-past-end", lambda d: hf.write(d, "long.wav", hf.wav_bytes(data_length=len(PCM) * 4)), read_audio, Refused("truncated")),
    ("wav-no-fmt", lambda d: hf.write(d, "nofmt.wav", hf.wav_bytes(fmt=b"")), read_audio, Refused("no format chunk")),
    ("wav-no-data", lambda d: hf.write(d, "nodata.wav", b"RIFF\x1c\0\0\0WAVE" + hf.chunk(b"fmt ", hf.fmt_body())), read_audio, Refused("no audio data")),
    ("wav-short-fmt", lambda d: hf.write(d, "sfmt.wav", hf.wav_bytes(hf.fmt_body()[:10])), read_audio, Refused("format chunk")),
    ("wav-chunk-overrun", lambda d: hf.write(d, "over.wav", hf.wav_bytes(before=b"LIST" + struct.pack("<I", 10**9))), read_audio, Refused("claims 1000000000 bytes")),
    ("wav-two-fmt", lambda d: hf.write(d, "twofmt.wav", hf.wav_bytes(before=hf.chunk(b"fmt ", hf.fmt_body(rate=8000)))), read_audio, Refused("two format chunks")),
    ("wav-rifx", lambda d: hf.write(d, "rifx.wav", hf.wav_bytes(form=b"RIFX")), read_audio, Refused("big-endian")),
    ("wav-ext-short", lambda d: hf.write(d, "ext.wav", hf.wav_bytes(hf.fmt_body(tag=0xFFFE) + b"\x16\0")), read_audio, Refused("extensible")),
    ("wav-empty", lambda d: hf.write(d, "empty.wav", b""), read_audio, Refused("empty")),
    ("wav-0-frames", lambda d: hf.write(d, "zero.wav", hf.wav_bytes(data=b"")), read_audio, Refused("no audio")),
    ("wav-text", lambda d: hf.write(d, "notes.wav", b"just some words, not a sound\n"), read_audio, Refused("not an audio file")),
    ("wav-random", lambda d: hf.write(d, "noise.wav", np.random.default_rng(3).bytes(4000)), read_audio, Refused("not an audio file")),
    ("mp3-sync-then-noise", lambda d: hf.write(d, "noise.mp3", b"\xff\xe4" + np.random.default_rng(1).bytes(4000)), read_audio, Refused("not an audio file")),
    ("wav-is-png", lambda d: hf.picture(d, "picture.wav", format="PNG"), read_audio, Refused("not an audio file")),
    ("wav-inf", lambda d: hf.float_wav(d, "inf.wav", np.full(800, np.inf, np.float32)), read_audio, Refused("infinite")),
    ("wav-some-inf", lambda d: hf.float_wav(d, "someinf.wav", np.r_[hf.tone(), [-np.inf]]), read_audio, Refused("infinite")),
    ("wav-nan", lambda d: hf.float_wav(d, "nan.wav", np.full(800, np.nan, np.float32)), read_audio, Refused("NaN")),
    ("wav-nan-double", lambda d: hf.float_wav(d, "nan64.wav", np.full(800, np.nan), "DOUBLE"), read_audio, Refused("NaN")),
    ("wav-33-channels", lambda d: hf.float_wav(d, "c33.wav", np.zeros((10, 33))), read_audio, Refused("33 channels")),
    ("flac-cut", lambda d: hf.cut(hf.sound_file(d, "cut.flac"), 0.5), read_audio, Refused("truncated")),
    ("ogg-cut", lambda d: hf.cut(hf.sound_file(d, "cut.ogg"), 0.5), read_audio, Refused("truncated")),
    ("wav-cut", lambda d: hf.cut(hf.sound_file(d, "cut.wav"), 0.5), read_audio, Refused("truncated")),
    # -- audio: odd but sound ------------------------------------------------------------------
    ("wav-8-bit", lambda d: hf.sound_file(d, "u8.wav", subtype="PCM_U8"), read_audio, frames(TONE, 2)),
    ("wav-24-extensible", lambda d: hf.sound_file(d, "x24.wav", format="WAVEX", subtype="PCM_24"), read_audio, frames(TONE, 2)),
    ("wav-double", lambda d: hf.sound_file(d, "f64.wav", subtype="DOUBLE"), read_audio, frames(TONE, 2)),
    ("wav-rf64", lambda d: hf.sound_file(d, "big.wav", format="RF64"), read_audio, frames(TONE, 2)),
    ("wav-streamed-size", lambda d: hf.write(d, "stream.wav", hf.wav_bytes(data_length=0xFFFFFFFF)), read_audio, frames(TONE)),
    ("wav-odd-chunk", lambda d: hf.write(d, "odd.wav", hf.wav_bytes(before=hf.chunk(b"junk", b"abc"))), read_audio, frames(TONE)),
    ("wav-silent", lambda d: hf.float_wav(d, "silent.wav", np.zeros(800, np.float32)), read_audio, frames(800)),
    ("flac-good", lambda d: hf.sound_file(d, "good.flac"), read_audio, frames(TONE, 2)),
    ("ogg-good", lambda d: hf.sound_file(d, "good.ogg"), read_audio, Accepted(lambda clip: clip.channels == 2)),
    ("aiff-good", lambda d: hf.sound_file(d, "good.aiff"), read_audio, frames(TONE, 2)),
    # -- pictures ------------------------------------------------------------------------------
    ("png-good", lambda d: hf.picture(d, "good.png"), read_image, pixels(48, 32)),
    ("jpeg-good", lambda d: hf.picture(d, "good.jpg"), read_image, pixels(48, 32)),
    ("png-named-jpg", lambda d: hf.picture(d, "really-png.jpg", format="PNG"), read_image, pixels(48, 32)),
    ("gif-animated", hf.animated_gif, read_image, pixels(40, 30)),
    ("jpeg-cmyk", lambda d: hf.picture(d, "cmyk.jpg", mode="CMYK"), read_image, pixels(48, 32)),
    ("png-16-bit", lambda d: hf.picture(d, "grey16.png", mode="I;16"), read_image, pixels(48, 32)),
    ("png-alpha", lambda d: hf.picture(d, "alpha.png", mode="RGBA"), read_image, pixels(48, 32)),
    ("tiff-good", lambda d: hf.picture(d, "good.tif"), read_image, pixels(48, 32)),
    ("png-cut", lambda d: hf.cut(hf.picture(d, "cut.png"), 0.5), read_image, Refused("damaged or incomplete")),
    ("jpeg-cut", lambda d: hf.cut(hf.picture(d, "cut.jpg"), 0.5), read_image, Refused("damaged or incomplete")),
    ("png-bomb", hf.png_bomb, read_image, Refused("too large")),
    ("png-text", lambda d: hf.write(d, "notes.png", b"not a picture"), read_image, Refused("not an image file")),
    ("png-empty", lambda d: hf.write(d, "empty.png", b""), read_image, Refused("not an image file")),
    ("png-is-wav", lambda d: hf.write(d, "sound.png", hf.wav_bytes()), read_image, Refused("not an image file")),
    # -- projects --------------------------------------------------------------------------------
    ("project-good", hf.good_project, read_project, Accepted(lambda p: p.sources["a1"].frames == 1600 and len(p.tracks) == 1)),
    ("project-cut", lambda d: hf.cut(hf.good_project(d, "cut.persona"), 0.6), read_project, Refused("not a Persona Studio project")),
    ("project-text", lambda d: hf.write(d, "notes.persona", b"hello"), read_project, Refused("not a zip archive")),
    ("project-empty", lambda d: hf.write(d, "empty.persona", b""), read_project, Refused("not a zip archive")),
    ("project-no-manifest", lambda d: hf.edited_project(d, "nom.persona", members=lambda m: m.pop("manifest.json")), read_project, Refused("no manifest.json")),
    ("project-bad-json", lambda d: hf.edited_project(d, "badjson.persona", lambda m: "{oops"), read_project, Refused("damaged (manifest.json")),
    ("project-not-utf8", lambda d: hf.edited_project(d, "latin.persona", lambda m: b'{"k": "\xe9"}'), read_project, Refused("damaged (manifest.json")),
    ("project-deep-json", lambda d: hf.edited_project(d, "deep.persona", lambda m: deep()), read_project, Refused("nested too deeply")),
    ("project-newer", lambda d: hf.edited_project(d, "newer.persona", edit(format=99)), read_project, Refused("newer version")),
    ("project-format-0", lambda d: hf.edited_project(d, "f0.persona", edit(format=0)), read_project, Refused("format 0")),
    ("project-format-text", lambda d: hf.edited_project(d, "ftext.persona", edit(format="1")), read_project, Refused("format '1'")),
    ("project-wrong-kind", lambda d: hf.edited_project(d, "kind.persona", edit(kind="zip")), read_project, Refused("not a Persona Studio project")),
    ("project-escaping-path", lambda d: hf.edited_project(d, "esc.persona", first_source("file", "../../etc/passwd")), read_project, Refused("not a media file inside the project")),
    ("project-absolute-path", lambda d: hf.edited_project(d, "abs.persona", first_source("file", "/etc/passwd")), read_project, Refused("not a media file inside the project")),
    ("project-escaping-member", lambda d: hf.edited_project(d, "evil.persona", members=lambda m: m.update({"../evil.sh": b"rm -rf ~"})), read_project, Refused("outside the archive")),
    ("project-missing-media", lambda d: hf.edited_project(d, "gone.persona", members=lambda m: m.pop("audio/a1.flac")), read_project, Refused("missing audio/a1.flac")),
    ("project-names-itself", lambda d: hf.edited_project(d, "self.persona", first_source("file", "manifest.json")), read_project, Refused("its own manifest.json")),
    ("project-unknown-source", lambda d: hf.edited_project(d, "nosrc.persona", lambda m: m["tracks"][0]["segments"][0].update(source="zz")), read_project, Refused("not in the file")),
    ("project-sources-list", lambda d: hf.edited_project(d, "list.persona", edit(sources=[1, 2])), read_project, Refused("damaged")),
    ("project-huge-number", lambda d: hf.edited_project(d, "inf.persona", lambda m: json.dumps(m).replace('"id": 1', '"id": 1e999')), read_project, Refused("damaged")),
    ("project-bad-rate", lambda d: hf.edited_project(d, "rate.persona", first_track("rate", "fast")), read_project, Refused("damaged")),
    ("project-bad-flac", lambda d: hf.edited_project(d, "flac.persona", members=lambda m: m.update({"audio/a1.flac": b"fLaC" + bytes(40)})), read_project, Refused("damaged")),
    ("project-bomb", lambda d: hf.write(d, "bomb.persona", hf.with_bomb(hf.project_members(d), "audio/big.flac")), read_project, Refused("zip bomb")),
    # -- weights ---------------------------------------------------------------------------------
    ("weights-good", hf.checkpoint, read_weights, Accepted(lambda state: set(state) == {"layer.weight", "layer.bias"})),
    ("weights-cut", lambda d: hf.cut(hf.checkpoint(d, "cut.pth"), 0.5), read_weights, Refused("damaged zip archive")),
    ("weights-pickled-code", hf.pickled_code, read_weights, Refused("could run code")),
    ("weights-empty", lambda d: hf.write(d, "empty.pth", b""), read_weights, Refused("empty")),
    ("weights-random", lambda d: hf.write(d, "noise.pth", np.random.default_rng(2).bytes(500)), read_weights, Refused("not a PyTorch checkpoint")),
    ("weights-bomb", hf.checkpoint_bomb, read_weights, Refused("zip bomb")),
    ("weights-plain-zip", lambda d: hf.write(d, "photos.pth", hf.zip_bytes({"a.txt": b"x"})), read_weights, Refused("no data.pkl")),
    # -- latents ---------------------------------------------------------------------------------
    ("latent-good", lambda d: hf.latent(d, "good.npz", z=np.ones(64, np.float32)), load_latent, Accepted(lambda lat: lat.arrays["z"].shape == (64,))),
    ("latent-objects", hf.object_latent, load_latent, Refused("pickled Python objects")),
    ("latent-text", lambda d: hf.latent(d, "text.npz", z=np.array(["a", "b"])), load_latent, Refused("not numbers")),
    ("latent-complex", lambda d: hf.latent(d, "complex.npz", z=np.ones(4, np.complex64)), load_latent, Refused("not numbers")),
    ("latent-nan", lambda d: hf.latent(d, "nan.npz", z=np.full(64, np.nan, np.float32)), load_latent, Refused("NaN or infinite")),
    ("latent-empty-array", lambda d: hf.latent(d, "hollow.npz", z=np.zeros(0, np.float32)), load_latent, Refused("is empty")),
    ("latent-no-arrays", lambda d: hf.latent(d, "none.npz"), load_latent, Refused("holds no arrays")),
    ("latent-is-wav", lambda d: hf.write(d, "sound.npz", hf.wav_bytes()), load_latent, Refused("not a zip archive")),
    ("latent-cut", lambda d: hf.cut(hf.latent(d, "cut.npz", z=np.ones(640, np.float32)), 0.5), load_latent, Refused("not a latent .npz file")),
    ("latent-bomb", lambda d: hf.write(d, "bomb.npz", hf.with_bomb({}, "z.npy")), load_latent, Refused("zip bomb")),
    # -- recipes ---------------------------------------------------------------------------------
    ("recipe-good", lambda d: hf.png_with_text(d, "result.png", {RECIPE_KEY: recipe_json()}), read_recipe, Accepted(lambda r: r.seed == 7)),
    ("recipe-none", lambda d: hf.picture(d, "plain.png"), read_recipe, Refused("holds no Persona Studio recipe")),
    ("recipe-bad-json", lambda d: hf.png_with_text(d, "bad.png", {RECIPE_KEY: "{1,2"}), read_recipe, Refused("recipe is damaged")),
    ("recipe-a-list", lambda d: hf.png_with_text(d, "list.png", {RECIPE_KEY: "[1, 2]"}), read_recipe, Refused("not a JSON object")),
    ("recipe-seed-text", lambda d: hf.png_with_text(d, "seed.png", {RECIPE_KEY: recipe_json(seed="abc")}), read_recipe, Refused("'seed'")),
    ("recipe-seed-huge", lambda d: hf.png_with_text(d, "seed2.png", {RECIPE_KEY: recipe_json(seed=10**30)}), read_recipe, Refused("'seed'")),
    ("recipe-weights-list", lambda d: hf.png_with_text(d, "w.png", {RECIPE_KEY: recipe_json(weights=[1])}), read_recipe, Refused("'weights'")),
    ("recipe-inputs-number", lambda d: hf.png_with_text(d, "in.png", {RECIPE_KEY: recipe_json(inputs={"voice": 5})}), read_recipe, Refused("'inputs'")),
    ("recipe-unknown-field", lambda d: hf.png_with_text(d, "extra.png", {RECIPE_KEY: recipe_json(colour="red")}), read_recipe, Refused("recipe is damaged")),
    ("recipe-newer", lambda d: hf.png_with_text(d, "newer.png", {RECIPE_KEY: recipe_json(format=9)}), read_recipe, Refused("newer version")),
    ("recipe-txt", lambda d: hf.write(d, "recipe.txt", recipe_json().encode()), read_recipe, Refused("recipes are read from")),
    ("recipe-wav-bad", lambda d: hf.wav_with_comment(d, "bad-recipe.wav", f"{RECIPE_KEY}\n{{"), read_recipe, Refused("recipe is damaged")),
    # -- manifests -------------------------------------------------------------------------------
    ("manifest-good", lambda d: manifest_file(d, "good.jsonl", '{"speaker": "a", "audio": "a.wav"}\n'), read_manifest, Accepted(lambda s: len(s) == 1)),
    ("manifest-bad-line", lambda d: manifest_file(d, "bad.jsonl", '{"speaker": "a", "audio": "a.wav"}\n{oops\n'), read_manifest, Refused("line 2")),
    ("manifest-no-speaker", lambda d: manifest_file(d, "nospk.jsonl", '{"audio": "a.wav"}\n'), read_manifest, Refused("missing 'speaker'")),
    ("manifest-bad-split", lambda d: manifest_file(d, "split.jsonl", '{"speaker": "a", "audio": "a.wav", "split": "dev"}\n'), read_manifest, Refused("'split' must be")),
    ("manifest-not-utf8", lambda d: manifest_file(d, "latin.jsonl", b'{"speaker": "a"}\n{"speaker": "\xe9"}\n'), read_manifest, Refused("line 2 is not UTF-8")),
    ("manifest-empty", lambda d: manifest_file(d, "empty.jsonl", "\n\n"), read_manifest, Refused("lists no samples")),
    ("manifest-deep", lambda d: manifest_file(d, "deep.jsonl", deep() + "\n"), read_manifest, Refused("line 1")),
    ("manifest-number-path", lambda d: manifest_file(d, "num.jsonl", '{"speaker": "a", "audio": 5}\n'), read_manifest, Refused("line 1")),
]

# File-system oddities, for every reader that takes a path.
READERS = {
    ".wav": read_audio,
    ".png": read_image,
    ".persona": read_project,
    ".pth": read_weights,
    ".npz": load_latent,
    ".flac": read_recipe,
    ".jsonl": read_manifest,
}
ODDITIES = {
    "missing": (hf.missing, "no such file"),
    "folder": (hf.directory, "is a folder"),
    "fifo": (hf.fifo, "named pipe"),
    "device": (hf.device, "is a device"),
    "symlink-loop": (hf.symlink_loop, "loops back on itself"),
    "dangling-link": (hf.dangling, "does not exist"),
}
for suffix, reader in READERS.items():
    for oddity, (make, words) in ODDITIES.items():
        CASES.append((f"{oddity}{suffix}", lambda d, m=make, s=suffix: m(d, s), reader, Refused(words)))
for good in ("wav-good", "png-good", "project-good", "latent-good"):
    maker, reader, expected = next((m, r, e) for i, m, r, e in CASES if i == good)
    CASES.append((f"foreign-name-{good}", lambda d, m=maker: hf.foreign_name(d, m(d)), reader, expected))


def outcome(path: Path, reader, expected: Refused | Accepted) -> None:
    if isinstance(expected, Accepted):
        assert expected.check(reader(path))
        return
    with pytest.raises(StudioError) as caught:
        reader(path)
    message = str(caught.value)
    assert expected.words in message
    assert shown_name(path.name) in message, "the message names the file"
    assert "\n" not in message and len(message) < 600


@pytest.mark.filterwarnings("error")  # a reader's library must not warn about a user's file
@pytest.mark.parametrize(("maker", "reader", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_corpus(tmp_path, maker, reader, expected):
    outcome(maker(tmp_path), reader, expected)


@contextlib.contextmanager
def as_nobody():
    """Root reads every file whatever its permissions (CI runs as root): the block runs with
    the effective ids of the unprivileged user "nobody" instead."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


NOBODY = 65534


@pytest.mark.parametrize("suffix", list(READERS))
def test_unreadable_files_are_refused(suffix):
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)  # the folder can be searched: only the file itself is locked
        locked = hf.unreadable(folder, suffix)
        with contextlib.suppress(Exception):  # imports what the reader loads lazily, as root:
            READERS[suffix](locked)  # "nobody" may not read the Python installation
        with as_nobody():
            outcome(locked, READERS[suffix], Refused("permission denied"))
    finally:
        shutil.rmtree(folder)


def test_the_corpus_is_big_and_mixed():
    refused = sum(isinstance(e, Refused) for *_, e in CASES)
    assert len(CASES) >= 80 and refused > 60 and len(CASES) - refused > 20


# -- the four failures reported by a new user --------------------------------------------------


def test_a_wav_declaring_an_impossible_sample_width_is_refused(tmp_path):
    path = hf.write(tmp_path, "w40.wav", hf.wav_bytes(hf.fmt_body(bits=40, block_align=2)))
    outcome(path, read_audio, Refused("impossible sample width"))


def test_a_float_wav_full_of_infinities_is_refused(tmp_path):
    path = hf.float_wav(tmp_path, "inf.wav", np.full(800, np.inf, np.float32))
    outcome(path, read_audio, Refused("infinite"))


@pytest.mark.filterwarnings("error")
def test_a_float_wav_full_of_nans_is_refused_without_a_warning(tmp_path):
    path = hf.float_wav(tmp_path, "nan.wav", np.full(800, np.nan, np.float32))
    outcome(path, read_audio, Refused("NaN"))


def test_a_symbolic_link_loop_is_refused(tmp_path):
    from studio.api import GeneratorInfo, Kind, Slot, Task
    from studio.engine.inputs import load_inputs

    info = GeneratorInfo(
        id="x:y", title="x", task=Task.VOICE_TO_FACE, paper="", inputs=(Slot("voice", Kind.AUDIO),),
        output=Kind.IMAGE, load="x:y",
    )  # fmt: skip
    loop = hf.symlink_loop(tmp_path, ".wav")
    with pytest.raises(StudioError, match="loops back on itself"):
        load_inputs(info, {"voice": loop})


# -- readers that need more than a file --------------------------------------------------------


def test_a_file_that_changes_while_read_is_refused(tmp_path, monkeypatch):
    path = hf.sound_file(tmp_path, "growing.wav")
    read = sf.SoundFile.read

    def read_while_recording(self, *args, **kwargs):
        data = read(self, *args, **kwargs)
        with path.open("ab") as grown:  # another program appends as we read
            grown.write(b"\0" * 64)
        return data

    monkeypatch.setattr(sf.SoundFile, "read", read_while_recording)
    outcome(path, read_audio, Refused("changed while it was being read"))


@pytest.mark.parametrize(
    "text",
    [b"{not json", b"\xff\xfe garbage", b"[1, 2]", b'{"format": "x"}', b'{"window": [1], "format": 1}'],
    ids=["bad-json", "not-utf8", "a-list", "format-text", "window-list"],
)
def test_a_damaged_settings_file_is_set_aside_and_defaults_used(tmp_path, text):
    from studio.ui.model.settings import Preferences, Settings

    path = hf.write(tmp_path, "settings.json", text)
    settings = Settings.load(path)
    assert settings.preferences == Preferences() and "damaged" in settings.note
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("settings.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == text
    settings.save()  # the next save writes a good file again
    assert Settings.load(path).note == ""


def test_a_settings_file_that_is_a_folder_is_left_alone(tmp_path):
    from studio.ui.model.settings import Settings

    (tmp_path / "settings.json").mkdir()
    settings = Settings.load(tmp_path / "settings.json")
    assert "cannot be read" in settings.note and settings.read_only
    settings.save()
    assert (tmp_path / "settings.json").is_dir()
