"""Pure domain model: pydantic records, money, identifier checks, claim states.

Must not import Qt, SQLAlchemy, ReportLab, pyx12 or any other ``app`` package.
"""
