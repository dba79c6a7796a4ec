"""ClaimDesk scrub package."""
