"""Persistence: SQLAlchemy models, database opening and migrations, repository queries."""
