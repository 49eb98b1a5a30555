"""Mao et al. (2024): AVP-GAN, an attention-enhanced voice portrait GAN with face restoration.

Only ``plugin`` is imported at start-up; the networks load on first use.
"""
