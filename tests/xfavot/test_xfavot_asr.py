"""StarGANv2-VC's ASR file (``{"model": ASRCNN state_dict}``) imports through the model store's
importer unchanged (its attention decoder left out); wrong files are refused with the key."""

from __future__ import annotations

import pytest
import torch

from studio.api import WeightsError
from studio_xfavot.importers import import_asr, read_asr
from studio_xfavot.networks.asr import ASRConfig, ASRNet, greedy_ctc

HIDDEN, EMBEDDING, TOKENS = 128, 256, 80  # SVC's decoder runs at hidden_dim // 2 = 128


def svc_decoder(tokens: int = TOKENS) -> dict[str, torch.Tensor]:
    """The ``asr_s2s.*`` keys of an SVC checkpoint (training-time attention decoder)."""
    shapes = {
        "embedding.weight": (tokens, EMBEDDING),
        "project_to_n_symbols.weight": (tokens, HIDDEN),
        "project_to_n_symbols.bias": (tokens,),
        "attention_layer.query_layer.linear_layer.weight": (HIDDEN, HIDDEN),
        "attention_layer.memory_layer.linear_layer.weight": (HIDDEN, HIDDEN),
        "attention_layer.v.linear_layer.weight": (1, HIDDEN),
        "attention_layer.location_layer.location_conv.conv.weight": (32, 2, 63),
        "attention_layer.location_layer.location_dense.linear_layer.weight": (HIDDEN, 32),
        "decoder_rnn.weight_ih": (4 * HIDDEN, HIDDEN + EMBEDDING),
        "decoder_rnn.weight_hh": (4 * HIDDEN, HIDDEN),
        "decoder_rnn.bias_ih": (4 * HIDDEN,),
        "decoder_rnn.bias_hh": (4 * HIDDEN,),
        "project_to_hidden.0.linear_layer.weight": (HIDDEN, 2 * HIDDEN),
        "project_to_hidden.0.linear_layer.bias": (HIDDEN,),
    }
    return {f"asr_s2s.{k}": torch.randn(shape) for k, shape in shapes.items()}


@pytest.fixture(scope="module")
def asr_file(tmp_path_factory):
    torch.manual_seed(3)
    net = ASRNet().eval()  # SVC's config: 80 mels, hidden 256, 6 layers, 80 tokens
    path = tmp_path_factory.mktemp("asr") / "epoch_00100.pth"
    torch.save({"model": {**net.state_dict(), **svc_decoder()}, "optimizer": {}}, path)
    return path, net


def test_the_svc_file_imports_and_gives_the_same_features(asr_file):
    path, net = asr_file
    imported = import_asr([path])
    assert imported.config["role"] == "asr"
    assert imported.config["asr"]["n_token"] == TOKENS and imported.config["asr"]["n_layers"] == 6
    assert not any(k.startswith("asr.asr_s2s") for k in imported.tensors)
    again = ASRNet(ASRConfig(**imported.config["asr"])).eval()
    again.load_state_dict({k[4:]: v for k, v in imported.tensors.items()})
    mel = torch.randn(1, 1, 80, 37)  # odd length: features at ceil(37 / 2) frames
    with torch.no_grad():
        features = again.features(mel)
        torch.testing.assert_close(features, net.features(mel))
    assert features.shape == (1, 128, 19)


def test_wrong_shapes_are_named(asr_file, tmp_path):
    _, net = asr_file
    state = dict(net.state_dict())
    state["projection.conv.weight"] = torch.zeros(64, 256, 1)
    path = tmp_path / "other.pth"
    torch.save({"model": state}, path)
    with pytest.raises(WeightsError, match="projection.conv.weight") as caught:
        read_asr(path)
    assert "other.pth" in str(caught.value)


def test_a_file_of_another_model_is_refused(tmp_path):
    path = tmp_path / "jdc.t7"
    torch.save({"net": {"conv_block.0.weight": torch.zeros(64, 1, 3, 3)}}, path)
    with pytest.raises(WeightsError, match="jdc.t7"):
        import_asr([path])
    bare = tmp_path / "bare.pth"
    torch.save({"conv_block.0.weight": torch.zeros(64, 1, 3, 3)}, bare)
    with pytest.raises(WeightsError, match="not a StarGANv2-VC ASR"):
        import_asr([bare])


def test_best_path_decoding_merges_repeats_and_drops_blanks():
    frames = [0, 3, 3, 0, 3, 5, 5, 0, 0]
    logits = torch.nn.functional.one_hot(torch.tensor([frames]), 9).float()
    assert greedy_ctc(logits) == [[3, 3, 5]]


def test_the_importer_runs_through_the_model_store_and_the_recipe_reads_its_entry(
    asr_file, tmp_path, monkeypatch
):
    from studio.cli.main import main
    from studio_xfavot.train import _helper

    path, net = asr_file
    monkeypatch.setenv("PERSONA_STUDIO_DATA", str(tmp_path / "store"))
    code = main(["models", "import", "xfavot", str(path), "--importer", "svc-asr"])
    assert code == 0
    (entry,) = (tmp_path / "store" / "models" / "xfavot").iterdir()
    asr = _helper(entry, "asr")  # what --set asr=<entry> loads
    mel = torch.randn(1, 1, 80, 40)
    with torch.no_grad():
        torch.testing.assert_close(asr.features(mel), net.features(mel))
