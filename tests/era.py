"""Test shim: the ERA writer lives in app.demo.era."""

from app.demo.era import write_835

__all__ = ["write_835"]
