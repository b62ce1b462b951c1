"""Offline-first sync of a depot store with the central database.

Public API for the rest of the app:

- `cpdesk.store.outbox.record(session, topic, row)` (topics in `TOPICS`), or the shorthand
  `cpdesk.sync.outbox.record_fact(session, row)`: call in the same transaction as a new or
  changed fact (pack event, crate, sale with its lines and payments, crate move, ...).
- `cpdesk.sync.worker.SyncWorker(store_engine, connect)`: a background thread syncing on a
  timer and on demand (`request_sync()`), with backoff; `status()` -> `SyncStatus`.
- `cpdesk.sync.engine.SyncEngine(store_engine, central).sync_once()` -> `SyncReport`.
- `cpdesk.sync.config.connect_central(store_engine, data_dir)` -> a `Central` for the store.
"""
