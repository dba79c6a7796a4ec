"""Billing screens: the claim list (claim editing and batches come later)."""
