"""Quality measurements of generators (the papers' metrics and the demo models' checks)."""
