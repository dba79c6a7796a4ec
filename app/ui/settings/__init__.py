"""Settings screens: practice, providers, payers and clearinghouse (stored in the database)."""
