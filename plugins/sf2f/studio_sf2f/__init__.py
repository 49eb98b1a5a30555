"""Bai et al.: Speech Fusion to Face (SF2F), voice-to-face with multi-segment attention fusion.

Only ``plugin`` is imported at start-up; the networks and features load on first use.
"""
