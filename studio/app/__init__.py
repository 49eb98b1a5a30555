"""Application services that both faces of the app use: the command line and the window.

``Context`` builds the host, model store and engine on first use; ``batch`` runs a generator
over many files. Nothing here imports Qt or parses arguments.
"""
