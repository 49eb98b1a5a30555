"""Helpers plugins use to run their models (e.g. ``checkpoint``: safe weight reading and writing).

Nothing is imported here on purpose, so that ``import studio.ml`` stays cheap: import the
submodule you need (``from studio.ml import checkpoint``), which loads torch itself.
"""
