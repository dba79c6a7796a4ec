"""The claim aggregate in the store: one reader and one writer.

``reader`` reads claims (a single claim is a batch of one) from one row type, validated or
trusted by an explicit flag; ``writer`` inserts claims and owns every status move (the
domain's transition table, the history row, the audit rows), for one claim or ten thousand;
``bundles`` reads a claim with everything around it. Imports ``app.domain`` and the rest of
``app.store`` only, never ``app.services`` or ``app.ui``.
"""
