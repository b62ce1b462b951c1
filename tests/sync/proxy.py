"""A TCP proxy on loopback that the tests control, to cut the link to PostgreSQL on purpose.

Modes: `drop_commit` (the COMMIT never reaches the server: cut before the central commit),
`cut_reply_after_commit` (the server commits, its answer is lost: cut during the commit),
`refuse` (the centre is unreachable), `cut_at_byte=n` (cut after n bytes sent by the client).
Sockets are shut down before being closed: a close() from another thread doesn't wake a
blocked recv().

`cut_all()` returns only once the server's sessions of the cut links are gone: a session
cut in the middle of a push holds its transaction (and so the pull gate of its database)
until the server notices, which on a loaded machine may be after the test's next pull.
"""

from __future__ import annotations

import os
import socket
import threading
import time

from sqlalchemy import create_engine, text

ADMIN = os.environ.get("CPDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
GONE_TIMEOUT_S = 60.0


class Proxy:
    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.mode: str | None = None
        self.cut_at_byte: int | None = None
        self.tripped = 0
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._ports: list[int] = []  # our ports of the links to the server (its client_port)
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, url: str) -> str:
        return url.replace("127.0.0.1:5432", f"127.0.0.1:{self.port}")

    def set(self, mode: str | None, *, cut_at_byte: int | None = None) -> None:
        self.mode, self.cut_at_byte, self.tripped = mode, cut_at_byte, 0

    def cut_all(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
            ports, self._ports = self._ports, []
        for a, b in pairs:
            _kill(a)
            _kill(b)
        if ports:
            self._wait_sessions_gone(ports)

    def _wait_sessions_gone(self, ports: list[int]) -> None:
        """Until no server session of ours is left on these client ports (fails loudly)."""
        admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                deadline = time.monotonic() + GONE_TIMEOUT_S
                while conn.execute(text(
                        "SELECT count(*) FROM pg_stat_activity WHERE client_port = ANY(:p) "
                        "AND client_addr = '127.0.0.1' AND pid <> pg_backend_pid()"),
                        {"p": ports}).scalar():
                    if time.monotonic() > deadline:
                        raise AssertionError(f"the server kept sessions of cut links {ports}")
                    time.sleep(0.02)
        finally:
            admin.dispose()

    def close(self) -> None:
        self._closed = True
        _kill(self.listener)
        self.cut_all()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.mode == "refuse":
                self.tripped += 1
                _kill(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _kill(client)
                continue
            with self._lock:
                self._pairs.append((client, upstream))
                self._ports.append(upstream.getsockname()[1])
            state = {"sent": 0, "cut_reply": False}
            threading.Thread(target=self._pump_up, args=(client, upstream, state),
                             daemon=True).start()
            threading.Thread(target=self._pump_down, args=(upstream, client, state),
                             daemon=True).start()

    def _pump_up(self, src: socket.socket, dst: socket.socket, state: dict[str, object]) -> None:
        try:
            while data := src.recv(65536):
                if self.mode == "drop_commit" and b"COMMIT\x00" in data:
                    self.tripped += 1
                    break
                if self.mode == "cut_reply_after_commit" and b"COMMIT\x00" in data:
                    state["cut_reply"] = True
                if self.cut_at_byte is not None:
                    sent = int(state["sent"])  # type: ignore[call-overload]
                    if sent + len(data) >= self.cut_at_byte:
                        dst.sendall(data[: max(0, self.cut_at_byte - sent)])
                        self.tripped += 1
                        break
                state["sent"] = int(state["sent"]) + len(data)  # type: ignore[call-overload]
                dst.sendall(data)
        except OSError:
            pass
        _kill(src)
        _kill(dst)

    def _pump_down(self, src: socket.socket, dst: socket.socket, state: dict[str, object]) -> None:
        try:
            while data := src.recv(65536):
                if state["cut_reply"]:
                    self.tripped += 1
                    break
                dst.sendall(data)
        except OSError:
            pass
        _kill(src)
        _kill(dst)


def _kill(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
