"""StarGANv2-VC's JDC file (``{"net": state_dict}``) imports unchanged; wrong files are refused."""

from __future__ import annotations

import pytest
import torch

from studio.api import WeightsError
from studio_xfavot.importers import import_jdc, read_jdc
from studio_xfavot.networks.jdc import JDCNet


@pytest.fixture(scope="module")
def jdc_file(tmp_path_factory):
    torch.manual_seed(7)
    net = JDCNet()
    for module in net.modules():  # trained-looking BatchNorm statistics
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
    path = tmp_path_factory.mktemp("jdc") / "bst.t7"
    torch.save({"net": net.state_dict()}, path)
    return path, net


def test_the_svc_file_imports_and_computes_what_the_network_computes(jdc_file):
    path, net = jdc_file
    imported = import_jdc([path])
    assert imported.config["role"] == "f0"
    again = JDCNet().eval()
    again.load_state_dict({k[3:]: v for k, v in imported.tensors.items()})
    mel = torch.randn(1, 1, 80, 12)
    with torch.no_grad():
        torch.testing.assert_close(again(mel)[0], net.eval()(mel)[0])


def test_a_bare_state_dict_is_accepted_too(jdc_file, tmp_path):
    _, net = jdc_file
    bare = tmp_path / "bare.pth"
    torch.save(net.state_dict(), bare)
    assert set(read_jdc(bare)) == set(net.state_dict())


def test_wrong_shapes_are_named(jdc_file, tmp_path):
    _, net = jdc_file
    state = dict(net.state_dict())
    state["classifier.weight"] = torch.zeros(722, 512)  # the singing-melody JDC, not SVC's
    path = tmp_path / "other.t7"
    torch.save({"net": state}, path)
    with pytest.raises(WeightsError, match="classifier.weight") as caught:
        import_jdc([path])
    assert "other.t7" in str(caught.value)


def test_pickled_code_is_refused(tmp_path):
    path = tmp_path / "evil.t7"
    torch.save({"net": {"x": torch.zeros(1)}, "hook": print}, path)
    with pytest.raises(WeightsError):
        import_jdc([path])


def test_an_f0_entry_is_not_a_model_to_generate_with():
    from studio_xfavot.model import XFaVoTConfig

    with pytest.raises(WeightsError, match="training recipe"):
        XFaVoTConfig.from_dict({"architecture": "xfavot-aux", "role": "f0"})


@pytest.fixture(scope="module")
def pwg_file(tmp_path_factory):
    """A ParallelWaveGAN training checkpoint as kan-bayashi's trainer writes it: weight-normed
    generator, a discriminator, optimiser state and counters."""
    from studio_xfavot.networks.pwg import ParallelWaveGAN, PWGConfig

    torch.manual_seed(3)
    net = ParallelWaveGAN(PWGConfig(layers=6, stacks=3)).eval()
    normed = {}
    for key, value in net.state_dict().items():
        if key.endswith(".weight") and value.dim() > 1 and "up_layers" not in key:
            norm = value.flatten(1).norm(dim=1).reshape(-1, *[1] * (value.dim() - 1))
            normed[key + "_g"], normed[key + "_v"] = norm, value * 2.0  # v is g/|v|-scaled
        else:
            normed[key] = value
    path = tmp_path_factory.mktemp("pwg") / "checkpoint-400000steps.pkl"
    record = {"model": {"generator": normed, "discriminator": {"w": torch.zeros(2)}},
              "optimizer": {"generator": {"state": {}, "param_groups": [{"lr": 1e-4}]}},
              "steps": 400000, "epochs": 100}  # fmt: skip
    torch.save(record, path)
    return path, net


def test_the_pwg_checkpoint_imports_and_vocodes_like_the_network(pwg_file, tmp_path):
    import json

    from studio.ml.checkpoint import save_safetensors
    from studio_xfavot.importers import import_pwg
    from studio_xfavot.vocoder import ParallelWaveGANVocoder, find_vocoder_entry

    path, net = pwg_file
    imported = import_pwg([path])
    assert imported.config["pwg"]["upsample_scales"] == (4, 5, 3, 5)
    entry = tmp_path / "store" / "svc-vocoder"
    entry.mkdir(parents=True)
    save_safetensors(entry / "model.safetensors", imported.tensors)
    (entry / "config.json").write_text(json.dumps(imported.config))
    (tmp_path / "store" / "demo").mkdir()
    assert find_vocoder_entry(tmp_path / "store" / "demo") == entry
    mel = torch.randn(1, 80, 7)
    wave = ParallelWaveGANVocoder(entry)(mel)
    assert wave.shape == (1, 7 * 300)
    with torch.no_grad():
        torch.testing.assert_close(wave, net.synthesise(mel), rtol=1e-4, atol=1e-5)


def test_a_file_without_a_pwg_generator_is_refused(tmp_path):
    from studio_xfavot.importers import import_pwg

    path = tmp_path / "x.pkl"
    torch.save({"model": {"generator": {"conv.weight": torch.zeros(2, 2)}}}, path)
    with pytest.raises(WeightsError, match="x.pkl"):
        import_pwg([path])
