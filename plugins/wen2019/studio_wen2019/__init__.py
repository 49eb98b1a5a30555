"""Wen, Singh, Raj (NeurIPS 2019): reconstructing faces from voices with GANs.

Only ``plugin`` is imported at start-up; the networks and features load on first use.
"""
