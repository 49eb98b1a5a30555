"""The training recipe: only the audio encoder learns (paper §3, Eq. 1-2)."""
