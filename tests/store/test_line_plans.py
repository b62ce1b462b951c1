"""How SQLite reaches order lines in a depot's store. It keeps no statistics, so between the
index on `order_id` and the one on `packing_depot_id` it may pick either: a look-up of one
order's lines must never walk every line the depot packs (1 s a statement at 150,000 lines;
migration 0017 dropped the order index and made it so, 0018 put it back)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from cpdesk.store import pack_progress
from cpdesk.store.paths import depot_path


def _plan(store: Path, sql: str, params: dict[str, str] | tuple[str, ...]) -> str:
    with closing(sqlite3.connect(store)) as db:
        return "\n".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_one_orders_lines_at_a_depot_go_through_the_order_index(demo_dir: Path) -> None:
    plan = _plan(depot_path(demo_dir, "HES"),
                 "SELECT * FROM order_line WHERE order_id = ? AND packing_depot_id = ?",
                 ("o", "d"))
    assert "ix_order_line_order_id" in plan, plan


def test_the_board_rows_of_new_orders_read_only_their_lines(demo_dir: Path) -> None:
    """The set-based refresh of a pull's new orders probes each dirty order's lines; it does
    not first gather every line of the depot."""
    plan = _plan(depot_path(demo_dir, "HES"), pack_progress._WRITE_UNTOUCHED, {"depot": "d"})
    assert "MATERIALIZE" not in plan and "packing_depot_id" not in plan, plan
    assert "SCAN x" in plan and "ix_order_line_order_id" in plan, plan
