"""Remittances: ERA import and posting, EOB, exceptions and the denial queue (no store)."""
