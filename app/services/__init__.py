"""Use cases, one module per workflow. The UI and CLI call these.

May import ``app.store``, ``app.codesets``, ``app.demo``, ``app.x12``, ``app.printing``,
``app.scrub`` and ``app.domain``; never Qt.
"""
