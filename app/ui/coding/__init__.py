"""Coding screens: the work queue (the coding editor comes later)."""
