"""Printed output: CMS-1500 (02/12) claim forms and patient statements, as PDF via ReportLab.

Positions, captions and layout live as data in ``forms/`` (``cms1500.json``, ``statement.json``)
and are checked by ``boxmap`` / ``statement_layout``; the modules here only turn domain records
(``app.domain.submission.ClaimData``, ``app.domain.statements.StatementData``) into pages.

Public API: ``cms1500.render_claims``, ``cms1500.render_alignment``,
``statements.render_statements``.

May import only ``app.domain``, ``app.paths``, ReportLab, pydantic and the standard library;
never ``app.store``, ``app.services`` or Qt. ReportLab is used nowhere else in the app.
"""
