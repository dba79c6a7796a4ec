"""Coding checks and claim scrubber rules: functions from a ``ScrubInput`` to ``Finding`` lists.

Imports only ``app.domain``. Code-set facts arrive through the ``CodeFacts`` protocol, which the
services layer implements on top of ``app.codesets``.
"""
