"""The eight trainable XFaVoT modules and the frozen F0 network, in the official code layouts."""
