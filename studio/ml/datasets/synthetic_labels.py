"""The synthetic voices-faces corpus's ground truth for training helpers on it: each speaker's
parameters and each utterance's exact F0 contour and vowel timeline. Plugins reach the corpus's
labels through here (``studio.ml`` is their public surface), not through ``studio.demodata``."""

from studio.demodata.corpus import SAMPLE_RATE, read_speakers, utterance_labels

__all__ = ["SAMPLE_RATE", "read_speakers", "utterance_labels"]
