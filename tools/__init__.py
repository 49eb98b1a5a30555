"""Developer tools run from the repository root (``python -m tools.layers``); not shipped."""
