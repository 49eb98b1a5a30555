"""XFaVoT (Takahashi, Singh, Mitsufuji 2023): one shared 64-d style space for faces and voices.

``plugin`` holds the descriptors (no torch); everything else is loaded when first used.
"""
