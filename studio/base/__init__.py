"""Torch-free foundations every layer may use: atomic file writes, seeding, device naming.

Importing this package is cheap: torch is loaded only inside the functions that need it.
"""
