"""Manifest adapters for the datasets the SF2F paper trains on."""
