"""Centre addresses as people type them, made the URLs SQLAlchemy opens (standard library
only: the command line and the first-start screen use it before anything heavy is loaded)."""

from __future__ import annotations


def psycopg_url(url: str) -> str:
    """A libpq-style `postgresql://` (or `postgres://`) address opened with psycopg 3;
    anything else (a SQLite URL, an explicit driver) as it is."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
