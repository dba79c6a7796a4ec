"""ClaimDesk x12 package."""
