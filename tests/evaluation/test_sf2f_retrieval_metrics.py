"""The SF2F paper's retrieval metrics (spec check 10): recall@K, cosine, VGGFace Score."""

from __future__ import annotations

import numpy as np

from studio.evaluation.retrieval import cosine, face_score, identity_embeddings, recall_at_k
from studio.evaluation.sf2f_retrieval import AttributeEmbedding


def test_random_embeddings_over_100_identities_recall_about_k_percent():
    rng = np.random.default_rng(0)
    gallery = rng.normal(size=(100, 16))
    queries = rng.normal(size=(20_000, 16))
    truth = rng.integers(0, 100, size=20_000)
    recalls = recall_at_k(queries, gallery, truth)
    for k, value in recalls.items():
        assert abs(value - k / 100) < 0.012, (k, value)


def test_a_query_equal_to_its_identity_is_found_first_and_has_cosine_1():
    rng = np.random.default_rng(1)
    gallery = rng.normal(size=(100, 8))
    truth = np.arange(100)
    assert recall_at_k(gallery * 3.0, gallery, truth) == {1: 1.0, 2: 1.0, 5: 1.0, 10: 1.0}
    assert np.allclose(cosine(gallery, gallery), 1.0)


def test_ties_count_against_the_query():
    gallery = np.ones((100, 4))
    assert recall_at_k(np.ones((5, 4)), gallery, np.arange(5))[10] == 0.0


def test_identity_embedding_is_the_normalised_mean_of_its_images():
    embeddings = np.array([[1.0, 0.0], [0.0, 1.0], [3.0, 0.0]])
    found = identity_embeddings(embeddings, np.array([0, 0, 1]), 2)
    assert np.allclose(found, [[2**-0.5, 2**-0.5], [1.0, 0.0]])


def test_face_score_is_1_for_one_distribution_and_n_for_n_distinct_one_hots():
    same = np.tile([0.2, 0.3, 0.5], (10, 1))
    assert np.isclose(face_score(same), 1.0)
    assert np.isclose(face_score(np.eye(7)), 7.0, rtol=1e-6)


def test_attribute_embedding_standardises_by_the_true_faces_then_normalises():
    true = np.array([[1.0, 10.0], [3.0, 30.0]])
    embed = AttributeEmbedding(true)
    assert np.allclose(embed(true), [[-(2**-0.5), -(2**-0.5)], [2**-0.5, 2**-0.5]])


def test_a_measure_that_cannot_be_read_counts_as_the_true_mean():
    true = np.array([[1.0, 10.0], [3.0, 30.0]])
    embed = AttributeEmbedding(true)
    assert np.allclose(embed(np.array([[3.0, np.nan]])), [[1.0, 0.0]])


def test_the_true_avatars_are_their_own_nearest_identity():
    from studio.demodata.avatar import avatar
    from studio.demodata.speakers import draw_speakers
    from studio.evaluation.sf2f_retrieval import attribute_vector

    vectors = np.stack([attribute_vector(avatar(p, 128)) for p in draw_speakers(30, seed=2)])
    embed = AttributeEmbedding(vectors)
    recalls = recall_at_k(embed(vectors), embed(vectors), np.arange(30))
    assert recalls[1] == 1.0
