"""The XFaVoT training recipe: losses (Eqs. 1-7), settings (App. A), data and the step."""
