"""Independent random streams for every (corpus seed, purpose, item) of the demo corpus.

Each draw gets its own ``SeedSequence`` keyed by integers, so adding a speaker, an utterance or a
new kind of draw never shifts the numbers any other item gets.
"""

from __future__ import annotations

import numpy as np

# Purposes: the second key of every stream, so streams of different kinds never coincide.
SPEAKER = 1
UTTERANCE = 2
FACE = 3
SPLIT = 4
# Within one utterance: what is said (content), how it is timed and pitched, and the noise.
CONTENT = 11
PROSODY = 12
NOISE = 13
# Augmenting a take (studio.demodata.augment). 21..25 are the sound scenes'; 26 was the first
# avatars' (their parts no longer draw at random), so it stays unused.
AUGMENT = 31


def stream(*keys: int) -> np.random.Generator:
    """A generator determined by ``keys`` (non-negative integers) alone."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(k) for k in keys])))


def derive_seed(*keys: int) -> int:
    """A 63-bit seed determined by ``keys``: what one item passes on to its own draws."""
    return int(np.random.SeedSequence([int(k) for k in keys]).generate_state(2, np.uint64)[0] >> 1)
