"""The SF2F paper's face-retrieval metrics (section 5, App. E.2), on any face embedding.

- ground truth per identity: the mean of the embeddings of its K images, L2-normalised;
- cosine similarity between each generated face's embedding and its identity's ground truth;
- recall@K: rank a gallery of identities (the paper's "random" row implies 100) by cosine
  similarity to the generated face; a hit is the true identity among the top K;
- VGGFace Score: the Inception Score with a face classifier, exp(mean_i KL(p(y|x_i) || p(y))).

Pure numpy; the embedding (FaceNet for real faces, ``face_attribute_embedding`` for the
synthetic ones) is the caller's choice.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-12
KS = (1, 2, 5, 10)


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, np.float64)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), EPS)


def identity_embeddings(embeddings: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """u_n = normalise(mean of identity n's image embeddings): [count, dim]."""
    embeddings, labels = np.asarray(embeddings, np.float64), np.asarray(labels)
    means = np.stack([embeddings[labels == n].mean(axis=0) for n in range(count)])
    return normalise(means)


def cosine(generated: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Row-wise cosine similarity of two [N, dim] arrays."""
    return np.sum(normalise(generated) * normalise(truth), axis=-1)


def recall_at_k(
    queries: np.ndarray, gallery: np.ndarray, truth: np.ndarray, ks: tuple[int, ...] = KS
) -> dict[int, float]:
    """Share (0..1) of queries whose true gallery row is among their K most cosine-similar."""
    similarity = normalise(queries) @ normalise(gallery).T
    own = similarity[np.arange(len(truth)), truth]
    # Rank = how many candidates beat the true one (ties count against it: no lucky ties).
    rank = np.sum(similarity >= own[:, None], axis=1) - 1
    return {k: float(np.mean(rank < k)) for k in ks}


def face_score(probabilities: np.ndarray) -> float:
    """VGGFace Score of N class distributions [N, classes] (rows sum to 1)."""
    p = np.clip(np.asarray(probabilities, np.float64), EPS, 1.0)
    marginal = p.mean(axis=0, keepdims=True)
    return float(np.exp(np.mean(np.sum(p * (np.log(p) - np.log(marginal)), axis=1))))
