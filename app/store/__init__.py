"""SQLAlchemy 2 store: engine and pragmas, tables, cents type, unit of work, repositories, queries.

The only package that imports SQLAlchemy or Alembic. Imports ``app.domain`` only.
"""
