"""Code-set reference data: ICD-10-CM index, HCPCS, NCCI PTP, MUE, modifiers, POS, fee CSVs.

Pure Python and plain ``sqlite3`` (FTS5). Must not import Qt, SQLAlchemy, ``app.store``,
``app.services`` or ``app.ui``; only ``app.domain`` and ``app.paths``. ``simple_icd_10_cm``
is imported lazily, only while building the ICD-10-CM index.
"""
