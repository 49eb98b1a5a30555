"""GFP-GAN clean-layout files load unchanged; anything else is refused with the file named."""

from pathlib import Path

import pytest
import torch
from avpgan_helpers import TINY_RESTORER, save_gfpgan_file

from studio.api import WeightsError
from studio_avpgan.importer import import_gfpgan, read_gfpgan
from studio_avpgan.layout import split_entry
from studio_avpgan.restoration.gfpgan import FaceRestorer, RestorerConfig


def test_a_full_size_v1_4_layout_file_imports_with_its_configuration(tmp_path):
    path = tmp_path / "GFPGANv1.4.pth"
    state = save_gfpgan_file(path, RestorerConfig(), fast=True)
    assert sum(v.numel() for v in state.values()) > 80_000_000
    assert {
        "conv_body_first.weight",
        "final_linear.weight",
        "condition_scale.0.0.weight",
        "stylegan_decoder.style_mlp.1.weight",
        "toRGB.0.weight",
        "stylegan_decoder.to_rgbs.6.modulated_conv.weight",
    } <= set(state)
    imported = import_gfpgan([path])
    config = imported.config["restorer"]
    assert config == RestorerConfig().as_dict()
    parts = split_entry(imported.tensors)
    assert torch.equal(parts["restorer"]["final_linear.weight"], state["final_linear.weight"])
    assert {"voice", "generator"} <= set(parts)  # paired with the bundled demo voice model


@pytest.mark.parametrize("multiplier,narrow", [(1, 0.125), (2, 0.0625)])
def test_other_widths_are_read_off_the_shapes(tmp_path, multiplier, narrow):
    config = RestorerConfig(
        out_size=64, num_style_feat=32, channel_multiplier=multiplier, narrow=narrow, num_mlp=3
    )
    path = tmp_path / "net.pth"
    state = save_gfpgan_file(path, config, key="params")
    read, tensors = read_gfpgan(path)
    assert read == config
    net = FaceRestorer(read)
    net.load_state_dict(tensors)
    assert torch.equal(net.state_dict()["conv_body_first.weight"], state["conv_body_first.weight"])


def test_a_wrong_shape_is_named(tmp_path):
    path = tmp_path / "bad.pth"
    state = save_gfpgan_file(path, TINY_RESTORER)
    state["toRGB.0.weight"] = torch.zeros(3, 7, 1, 1)
    torch.save({"params_ema": state}, path)
    with pytest.raises(WeightsError, match=r"bad\.pth.*toRGB\.0\.weight"):
        read_gfpgan(path)


def test_a_missing_tensor_and_a_foreign_file_are_refused(tmp_path):
    path = tmp_path / "partial.pth"
    state = save_gfpgan_file(path, TINY_RESTORER)
    del state["final_linear.weight"]
    torch.save({"params_ema": state}, path)
    with pytest.raises(WeightsError, match="partial.pth"):
        read_gfpgan(path)
    other = tmp_path / "resnet.pth"
    torch.save({"fc.weight": torch.zeros(2, 2)}, other)
    with pytest.raises(WeightsError, match="resnet.pth.*GFP-GAN"):
        read_gfpgan(other)


class _Payload:
    def __reduce__(self):
        return (print, ("pickled code ran",))


def test_pickled_code_never_runs(tmp_path, capsys):
    path = tmp_path / "evil.pth"
    torch.save({"params_ema": {"x": torch.zeros(1)}, "hook": _Payload()}, path)
    with pytest.raises(WeightsError, match="evil.pth"):
        read_gfpgan(path)
    assert "pickled code ran" not in capsys.readouterr().out


def test_the_importer_takes_one_checkpoint(tmp_path):
    path = tmp_path / "a.pth"
    save_gfpgan_file(path, TINY_RESTORER)
    with pytest.raises(WeightsError, match="one GFP-GAN checkpoint"):
        import_gfpgan([path, Path(path)])
