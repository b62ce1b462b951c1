"""Offline-first sync of a depot store with the central database (issue 6).

Public API for the rest of the app:

- `cpdesk.sync.outbox.record_fact(session, row)`: call in the same transaction as a new or
  changed PackEvent, Crate or Sale (with its lines and payments); the fact is then pushed.
- `cpdesk.sync.worker.SyncWorker(store_engine, connect)`: a background thread syncing on a
  timer and on demand (`request_sync()`), with backoff; `status()` -> `SyncStatus`.
- `cpdesk.sync.engine.SyncEngine(store_engine, central).sync_once()` -> `SyncReport`.
- `cpdesk.sync.config.connect_central(store_engine, data_dir)` -> a `Central` for the store.
"""
