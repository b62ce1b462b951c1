"""Every error is caught at the command line's edge: one line, an exit code, no traceback
unless --debug asks for it."""

from __future__ import annotations

import argparse

import pytest

from cpdesk import cli
from cpdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def test_an_unreachable_database_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "central", "order-totals", "CP-261130-0001", "--db",
                    "postgresql://nobody@127.0.0.1:1/none")
    assert code == 1 and err.startswith("cpdesk: the database could not be used: ")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, err = run(capsys, "central", "order-totals", "CP-261130-0001", "--db", "nonsense")
    assert code == 1 and err.startswith("cpdesk: bad database URL")


def test_a_bug_is_exit_70_with_a_hint_and_debug_shows_the_traceback(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_args: argparse.Namespace) -> int:
        raise KeyError("line_no")

    parser = cli.build_parser()

    def patched() -> argparse.ArgumentParser:
        for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
            action.choices["orders"].set_defaults(func=broken)  # type: ignore[index]
        return parser

    monkeypatch.setattr(cli, "build_parser", patched)
    code, err = run(capsys, "orders")
    assert code == 70
    assert err == ("cpdesk: unexpected error (KeyError: 'line_no'); run again with "
                   "'cpdesk --debug ...' for the details\n")
    code, err = run(capsys, "--debug", "orders")
    assert code == 70 and err.startswith("Traceback (most recent call last):")
    assert "KeyError: 'line_no'" in err and err.strip().splitlines()[-1].startswith(
        "cpdesk: unexpected error")


def test_a_wrong_command_line_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["orders", "--no-such-option"])
    assert ended.value.code == 2
