"""ClaimDesk printing package."""
