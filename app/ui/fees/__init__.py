"""The Fees page: fee schedule and payer contracts edited by hand, with history (Qt)."""
