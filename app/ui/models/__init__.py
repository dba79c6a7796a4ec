"""Qt item models: a reusable table model for small lists and the SQL-paged patient model."""
