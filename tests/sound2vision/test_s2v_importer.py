"""The authors' files import unchanged (random weights in their layout), and wrong files are
refused with a message naming the file and the problem."""

from __future__ import annotations

import os

import numpy as np
import pytest
import torch
from sound2vision_files import RECORD_CONFIG, narrow_folder, record

from studio.api import WeightsError
from studio.engine import Engine, GenerateRequest
from studio.host import PluginHost
from studio.weights import ModelStore
from studio_sound2vision.importer import import_official
from studio_sound2vision.layout import split_entry
from studio_sound2vision.networks.resnets import AudioEncoder


def test_the_folder_the_encoder_and_swav_import_and_generate_at_128(official_files, tmp_path):
    imported = import_official(
        [official_files["audio"], official_files["folder"], official_files["swav"]]
    )
    parts = split_entry(imported.tensors)
    original = torch.load(official_files["audio"], map_location="cpu", weights_only=True)
    assert set(parts["audio"]) == set(original)
    for key, value in original.items():  # round trip: the same tensors under the same keys
        assert torch.equal(parts["audio"][key], value)
    generator = torch.load(
        official_files["folder"] / "G_ema_best0.pth", map_location="cpu", weights_only=True
    )
    assert set(parts["generator"]) == set(generator)
    assert torch.equal(
        parts["generator"]["blocks.4.0.conv2.weight"], generator["blocks.4.0.conv2.weight"]
    )
    assert "prototypes.weight" not in parts["image"] and "conv1.weight" in parts["image"]
    assert imported.config["generator"]["dim_z"] == 120
    assert imported.config["generator"]["SN_eps"] == 1e-6  # read from the training record
    store = ModelStore()
    store.add("sound2vision", "official", imported, original_files=[official_files["audio"]])
    engine = Engine(PluginHost(), store)
    clip = np.random.default_rng(0).standard_normal(16000).astype(np.float32) * 0.1
    from studio.api import AudioClip

    result = engine.generate(
        GenerateRequest(
            "sound2vision:sound-to-scene",
            {"sound": AudioClip(clip, 16000)},
            {"z_var": "0"},
            weights="official",
            device="cpu",
        )
    )
    assert result.output.pixels.shape == (128, 128, 3)
    assert result.latent.arrays["z"].shape == (1, 120) and not result.latent.arrays["z"].any()


def test_the_generator_files_alone_work_without_swav(official_files, tmp_path):
    folder = narrow_folder(tmp_path)
    files = [official_files["audio"], folder / "G_ema_best0.pth", folder / "state_dict_best0.pth"]
    imported = import_official(files)
    assert imported.config["image"] is None
    assert imported.config["generator"]["G_ch"] == 4
    assert not split_entry(imported.tensors)["image"]
    ema = torch.load(folder / "G_ema_best0.pth", weights_only=True)["linear.weight"]
    from_folder = split_entry(import_official([official_files["audio"], folder]).tensors)
    assert torch.equal(from_folder["generator"]["linear.weight"], ema)  # EMA copy, as use_ema


def test_the_record_is_read_with_an_allow_list_not_with_arbitrary_code(official_files, tmp_path):
    folder = narrow_folder(tmp_path)

    class Sneaky:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    torch.save({**record(RECORD_CONFIG), "hook": Sneaky()}, folder / "state_dict_best0.pth")
    with pytest.raises(WeightsError, match=r"state_dict_best0\.pth: refused"):
        import_official([official_files["audio"], folder])


def test_a_record_for_another_generator_is_refused(official_files, tmp_path):
    folder = narrow_folder(tmp_path, {**RECORD_CONFIG, "G_ch": 64})
    with pytest.raises(WeightsError, match=r"G_ch=64 but the weights have 4"):
        import_official([official_files["audio"], folder])


def test_wrong_files_are_refused_with_their_name(official_files, tmp_path):
    folder = narrow_folder(tmp_path)
    state = AudioEncoder().state_dict()
    state["audnet.fc.weight"] = torch.zeros(1000, 512)
    wrong = tmp_path / "sound2scene.pth"
    torch.save(state, wrong)
    with pytest.raises(
        WeightsError,
        match=r"sound2scene\.pth.*audnet\.fc\.weight: expected \(2048, 512\), found \(1000, 512\)",
    ):
        import_official([wrong, folder])
    junk = tmp_path / "junk.pth"
    junk.write_bytes(b"not a checkpoint at all")
    with pytest.raises(WeightsError, match="junk.pth: not a PyTorch checkpoint"):
        import_official([junk, folder])
    other = tmp_path / "other.pth"
    torch.save({"encoder.weight": torch.zeros(2, 2)}, other)
    with pytest.raises(WeightsError, match="other.pth: not one of sound2vision's files"):
        import_official([other, folder])
    with pytest.raises(WeightsError, match="needs the IC-GAN generator"):
        import_official([official_files["audio"]])
    with pytest.raises(WeightsError, match="needs sound2scene.pth"):
        import_official([official_files["folder"] / "state_dict_best0.pth"])
    empty = tmp_path / "empty_folder"
    empty.mkdir()
    with pytest.raises(WeightsError, match="no generator file"):
        import_official([official_files["audio"], empty])
