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
