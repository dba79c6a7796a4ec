"""Synthetic demo data as domain objects: a whole practice in one ``PracticeDocument``.

Everything is invented (names, addresses, NPIs starting with 99) and repeatable from a seed.
A service saves the document; this package only builds it.

Imports only ``app.domain`` (never SQLAlchemy, Qt, ``app.store`` or ``app.services``).
"""

from app.demo.generator import generate_demo

__all__ = ["generate_demo"]
