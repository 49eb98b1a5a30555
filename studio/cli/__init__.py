"""The ``persona-studio`` command line."""
