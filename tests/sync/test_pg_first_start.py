"""The first-start assistant against PostgreSQL: the credentials of `central add-depot
--json` pasted, the connection tested (good; refused password; TLS demanded by the URL but
not offered; unreachable), the first sync with its progress, stopped and resumed."""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cpdesk.cli import main
from cpdesk.store.board_read import needs_first_sync as needs_first_start
from cpdesk.store.db import open_store
from cpdesk.store.paths import depot_path
from cpdesk.store.queries import staff_with_pin
from cpdesk.sync.first_start import (
    FirstStartService,
    check_connection,
    first_sync,
    parse_credentials,
)
from cpdesk.ui.first_start.screen import FirstStartWidget

from .conftest import PgCentre

pytestmark = pytest.mark.postgres


@pytest.fixture
def car_json(pg: PgCentre, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["central", "add-depot", "CAR", "--db", pg.url, "--sslmode", "disable",
                 "--json"]) == 0
    text = capsys.readouterr().out
    pg.logins["CAR"] = json.loads(text)["url"]  # the old password no longer works
    return text


class RefusingServer:
    """Speaks just enough of PostgreSQL's protocol to ask for a password and refuse it, as a
    server with password authentication does (the test cluster trusts loopback logins)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                try:
                    self._talk(conn)
                except OSError:
                    pass

    def _talk(self, conn: socket.socket) -> None:
        length, code = struct.unpack("!ii", conn.recv(8))
        if code == 80877103:  # SSLRequest: no TLS here
            conn.sendall(b"N")
            length, code = struct.unpack("!ii", conn.recv(8))
        conn.recv(length - 8)  # the startup parameters
        conn.sendall(b"R" + struct.pack("!ii", 8, 3))  # send the password in clear
        conn.recv(4096)
        fields = (b"SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "
                  b"\"cpd_car\"\0\0")
        conn.sendall(b"E" + struct.pack("!i", 4 + len(fields)) + fields)

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def refusing() -> Iterator[RefusingServer]:
    server = RefusingServer()
    yield server
    server.close()


def test_connection_checks_say_what_is_wrong(car_json: str, refusing: RefusingServer) -> None:
    creds = parse_credentials(car_json)
    assert creds.depot == "CAR"
    assert check_connection(creds.url, "CAR").ok
    url = make_url(creds.url)
    tls = url.set(query={"sslmode": "require"}).render_as_string(hide_password=False)
    assert check_connection(tls, "CAR").reason == "tls_required"
    down = url.set(port=1).render_as_string(hide_password=False)
    assert check_connection(down, "CAR").reason == "unreachable"
    refused = url.set(host="127.0.0.1", port=refusing.port, password="wrong")
    check = check_connection(refused.render_as_string(hide_password=False), "CAR")
    assert (check.ok, check.reason) == (False, "password")
    assert check_connection(creds.url, "HES").reason == "wrong_depot"


@pytest.mark.gui
def test_the_assistant_tests_then_fills_the_store(qtbot, car_json: str, tmp_path: Path,
                                                   refusing: RefusingServer) -> None:
    data = tmp_path / "station"
    assert needs_first_start(data, None)
    widget = FirstStartWidget(FirstStartService(data))
    qtbot.addWidget(widget)
    widget.show()
    # a refused password, then TLS demanded but not offered: each with its words
    url = make_url(json.loads(car_json)["url"])
    widget.depot.setText("CAR")
    widget.address.setText(f"postgresql://127.0.0.1:{refusing.port}/{url.database}")
    widget.login.setText(str(url.username))
    widget.password.setText("not-the-password")
    widget.pepper.setText(json.loads(car_json)["pin_pepper"])
    with qtbot.waitSignal(widget.sig_checked, timeout=30_000) as checked:
        widget.test_button.click()
    assert checked.args[0].reason == "password"
    assert "refused the login or its password" in widget.check_label.text()
    assert not widget.setup_button.isEnabled()
    widget.address.setText(f"postgresql://{url.host}:{url.port}/{url.database}?sslmode=require")
    widget.password.setText(str(url.password))
    with qtbot.waitSignal(widget.sig_checked, timeout=30_000) as checked:
        widget.test_button.click()
    assert checked.args[0].reason == "tls_required"
    assert "encrypted (TLS)" in widget.check_label.text()
    # the credentials pasted as add-depot printed them: connected, then the first sync
    widget.pasted.setPlainText(car_json)
    with qtbot.waitSignal(widget.sig_checked, timeout=30_000) as checked:
        widget.test_button.click()
    assert checked.args[0].ok and "CAR" in widget.check_label.text()
    with qtbot.waitSignal(widget.sig_ready, timeout=120_000) as ready:
        widget.setup_button.click()
    assert ready.args == ["CAR"]
    assert widget.bar.maximum() > 1000 and widget.bar.value() == widget.bar.maximum()
    assert not needs_first_start(data, "CAR")
    assert json.loads(car_json)["password"].encode() not in b"".join(
        p.read_bytes() for p in data.glob("depot-CAR.sqlite*"))
    # the PIN pepper of the credentials was kept: the staff can sign in at the new depot
    store = open_store(depot_path(data, "CAR"))
    try:
        with Session(store) as s:
            staff = staff_with_pin(s, "1001")
            assert staff is not None and staff.name == "Hugo Lambert"
    finally:
        store.dispose()


@pytest.mark.gui
def test_a_stopped_first_sync_keeps_its_pages_and_resumes(qtbot, car_json: str,
                                                          tmp_path: Path) -> None:
    data = tmp_path / "station"
    creds = parse_credentials(car_json)
    seen: list[tuple[int, int]] = []
    stopped = first_sync(data, creds, lambda done, total: seen.append((done, total)),
                         lambda: len(seen) >= 2, page_size=200)  # stop after one page
    assert stopped is None and seen[0][0] == 0 and 0 < seen[-1][0] < seen[-1][1]
    assert needs_first_start(data, "CAR")
    widget = FirstStartWidget(FirstStartService(data))  # opens on the sync page, to resume
    qtbot.addWidget(widget)
    # the unfinished set-up is read off the GUI thread (the window shows at once)
    with qtbot.waitSignal(widget.sig_resumable, timeout=30_000) as resumable:
        pass
    assert resumable.args == ["CAR"]
    assert widget.pages.currentIndex() == 1 and widget.resume_button.isVisibleTo(widget)
    with qtbot.waitSignal(widget.sig_ready, timeout=120_000):
        widget.resume_button.click()
    # the resumed sync started after the pages already pulled
    assert widget.bar.maximum() == seen[-1][1] - seen[-1][0]
    assert not needs_first_start(data, "CAR")
