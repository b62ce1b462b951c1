"""Storage: SQLAlchemy 2 typed mappings, SQLite at the depot (WAL), PostgreSQL centrally."""
