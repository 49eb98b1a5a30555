"""FaceNet for SF2F's perceptual loss: the Inception-ResNet-v1 in the PyTorch port's layout
(its published vggface2/casia checkpoints load unchanged), read with weights_only, and the
recipe turning L_P on when given one."""

import pytest
import torch
from test_sf2f_training import TINY_SETTINGS, corpus  # noqa: F401  (the shared tiny corpus)

from studio.api.errors import WeightsError
from studio.cli.main import main
from studio_sf2f.facenet import FaceEmbedder, InceptionResnetV1, load_face_embedder


@pytest.fixture(scope="module")
def facenet_file(tmp_path_factory):
    """A checkpoint as the port publishes it: a plain state dict with the classifier head."""
    torch.manual_seed(0)
    network = InceptionResnetV1()
    state = dict(network.state_dict())
    state["logits.weight"] = torch.randn(8631, 512)  # VGGFace2's identities
    state["logits.bias"] = torch.zeros(8631)
    path = tmp_path_factory.mktemp("facenet") / "20180402-114759-vggface2.pt"
    torch.save(state, path)
    return path, network


def test_the_network_has_the_ports_parameter_count():
    # 23,482,624: the count of the port's InceptionResnetV1 without its classifier head.
    assert sum(p.numel() for p in InceptionResnetV1().parameters()) == 23_482_624


def test_the_published_layout_loads_and_embeds_unit_vectors(facenet_file):
    path, network = facenet_file
    embedder = load_face_embedder(path)
    assert isinstance(embedder, FaceEmbedder)
    faces = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        embedding = embedder(faces)
        unit = (faces * embedder.std + embedder.mean).clamp(0, 1)
        resized = torch.nn.functional.interpolate(unit, size=(160, 160), mode="bilinear")
        direct = network.eval()((resized * 255 - 127.5) / 128)
    assert embedding.shape == (2, 512)
    assert torch.allclose(embedding.norm(dim=1), torch.ones(2), atol=1e-5)
    assert torch.allclose(embedding, direct, atol=1e-5)
    assert not any(p.requires_grad for p in embedder.parameters())
    embedder.train()
    assert not embedder.network.training  # its BatchNorm never updates


def test_a_wrong_file_is_refused_with_what_differs(tmp_path, facenet_file):
    path, _ = facenet_file
    state = torch.load(path, weights_only=True)
    del state["last_linear.weight"]
    state["conv2d_1a.conv.weight"] = torch.zeros(16, 3, 3, 3)
    broken = tmp_path / "broken.pt"
    torch.save(state, broken)
    with pytest.raises(WeightsError) as refused:
        load_face_embedder(broken)
    message = str(refused.value)
    assert "broken.pt" in message and "last_linear.weight" in message
    assert "conv2d_1a.conv.weight" in message


def test_the_recipe_trains_with_the_perceptual_loss(corpus, facenet_file, tmp_path):  # noqa: F811
    path, _ = facenet_file
    settings = [f"--set={k}={v}" for k, v in TINY_SETTINGS.items()]
    settings += ["--set=batch_size=2", "--set=steps=2", "--set=fuser_steps=1"]
    settings += ["--set=fuser_batch_size=2", "--set=fused_max_seconds=8"]
    settings += [f"--set=face_embedder={path}"]
    out = tmp_path / "run"
    command = ["train", "sf2f:voice-to-face", "--data", str(corpus), "--out", str(out)]
    assert main([*command, *settings, "--device", "cpu"]) == 0
    header = (out / "stage1" / "metrics.csv").read_text().splitlines()[0]
    assert "perceptual" in header
    assert "is on" in (out / "recipe.json").read_text()
