"""Code look-up panel and code-set import dialogs (Qt). Reads through app.services.codes only."""
