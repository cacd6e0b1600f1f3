"""Dialogue Desktop: records Government–civil-society dialogues in the field, prints minutes, syncs bundles."""

__version__ = "0.1.0"
