"""The domain core: plain Python, no Qt and no SQLAlchemy (see tests/domain/test_layering.py)."""
