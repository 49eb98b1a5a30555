"""Persona Studio: voices to faces, faces to voices, sounds to scenes.

Importing this package is cheap on purpose: torch and Qt are loaded only where they are used.
"""

__version__ = "0.1.0"
