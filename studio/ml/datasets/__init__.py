"""Adapters that build manifests from the papers' public dataset layouts."""
