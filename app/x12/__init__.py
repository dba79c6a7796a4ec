"""X12 reading and writing: 837P writer, envelopes, pyx12 validation, 835/999/277CA readers.

Imports only ``app.domain``, ``pyx12`` and the standard library; never ``app.store``,
``app.services``, the other middle packages or Qt.
"""
