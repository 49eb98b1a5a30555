"""Measures that several plugins' evaluations share (public, like the rest of ``studio.ml``).

- ``formants``: the formant scale of speech against a reference saying the same words (ranks
  speakers by vocal-tract length);
- ``faces``: the measurements of a drawn demo face and the voice parameters they carry;
- ``latent_names``: which speaker parameter a latent direction is named after, and when.

Nothing is imported here, so that ``import studio.ml.evaluation`` stays cheap.
"""
