"""Example third-party plugin: a colour swatch from a voice's loudness and brightness."""
