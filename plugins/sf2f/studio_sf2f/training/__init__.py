"""The two-stage SF2F recipe: encoder + decoder on short segments, then the fuser alone."""
