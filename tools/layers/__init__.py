"""The import-layer check of ``make lint``: rules in ``rules.py``, checked by ``check.py``."""
