import numpy as np

from studio.ml.latent_basis import BASIS_FILE, read_latent_basis, write_latent_basis


def test_named_directions_round_trip_as_unit_vectors(tmp_path):
    vectors = np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 2.0]])
    write_latent_basis(tmp_path, ["PC1: more pitch", "PC2"], vectors)
    basis = read_latent_basis(tmp_path, 3)
    assert [name for name, _ in basis] == ["PC1: more pitch", "PC2"]
    np.testing.assert_allclose(basis[0][1], [0.6, 0.8, 0.0], rtol=1e-6)


def test_no_file_a_wrong_size_or_a_broken_file_means_plain_axes(tmp_path):
    assert read_latent_basis(tmp_path, 3) is None
    assert read_latent_basis(None, 3) is None
    write_latent_basis(tmp_path, ["a"], np.ones((1, 4)))
    assert read_latent_basis(tmp_path, 3) is None
    (tmp_path / BASIS_FILE).write_bytes(b"not an npz")
    assert read_latent_basis(tmp_path, 3) is None
