"""ClaimDesk: coding and billing workstation for small medical practices."""

__version__ = "0.1.0"
