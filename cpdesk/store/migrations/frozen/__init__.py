"""SQL the migrations share, frozen as it was when they were written.

Migrations describe history, so they never import application code (which moves on): what
several of them need is kept here, and a module here is never edited once a released
migration uses it. A later change to the centre's schema is a new migration with SQL of its
own (the current state is described by `cpdesk.store.topics`, and
tests/sync/test_pg_catalogue.py checks the migrated database against it).
"""
