"""The first-start assistant: shown by `cpdesk run` when this computer has no prepared store.

Page 1: the depot code, the centre's address, the depot's login, password and PIN key (typed,
or the JSON that `cpdesk central add-depot --json` printed, pasted or opened from its file);
*Test the connection* says in plain words what is wrong (unreachable, refused password,
TLS demanded but not offered, certificate not trusted). Page 2: the first sync with a
progress bar (change-log entries pulled / total), which can be stopped and resumed (what
was pulled stays). Network work runs off the GUI thread (`workers.query`).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.errors import CpdeskError
from cpdesk.sync.first_start import (
    ConnectionCheck,
    DepotCredentials,
    FirstStartService,
    parse_credentials,
)

from ..refusals import refusal_text
from ..workers import query


def reason_text(reason: str) -> str:
    """A `ConnectionCheck.reason` in the user's language."""
    texts = {
        "unreachable": QCoreApplication.translate(
            "FirstStartWidget",
            "The centre cannot be reached: check its address and port, and the network "
            "(the server may be down)"),
        "password": QCoreApplication.translate(
            "FirstStartWidget",
            "The centre refused the login or its password: paste the credentials again (a new "
            "'add-depot' gives a new password)"),
        "tls_required": QCoreApplication.translate(
            "FirstStartWidget",
            "The address demands an encrypted (TLS) connection but the centre does not offer "
            "one: check the sslmode in the address"),
        "certificate": QCoreApplication.translate(
            "FirstStartWidget",
            "The centre's certificate is not trusted by this computer: install the centre's "
            "certificate authority, or check the centre's name"),
        "no_database": QCoreApplication.translate(
            "FirstStartWidget",
            "The centre has no such database: check the database name in the address"),
        "wrong_depot": QCoreApplication.translate(
            "FirstStartWidget", "These credentials belong to another depot"),
        "bad_url": QCoreApplication.translate(
            "FirstStartWidget",
            "That is not a centre address (postgresql://user:password@host/database)"),
    }
    return texts.get(reason, QCoreApplication.translate(
        "FirstStartWidget", "The centre answered with an error"))


class _Progress(QObject):
    sig_progress = Signal(int, int)
    """(entries pulled, total) from the sync thread; queued to the GUI thread."""


class FirstStartWidget(QWidget):
    sig_ready = Signal(str)
    """The store of this depot (its code) is set up and filled: the desk can open."""
    sig_checked = Signal(object)
    """The `ConnectionCheck` of the last connection test."""
    sig_sync_ended = Signal(str)
    """The first sync ended: "done", "stopped" or "failed"."""
    sig_resumable = Signal(str)
    """A depot's first sync was started earlier and not finished: the sync page offers to
    resume it (read off the GUI thread when the assistant opens)."""

    def __init__(self, service: FirstStartService, depot: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstStart")
        from ..main_window import STYLE  # the desk's look: large touch-friendly controls

        self.setStyleSheet(STYLE)
        self.service = service
        self.creds: DepotCredentials | None = None
        self._stop = threading.Event()
        self._progress = _Progress(self)
        self._progress.sig_progress.connect(self._show_progress)

        self.title = QLabel()
        self.title.setObjectName("orderTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.depot = QLineEdit(depot or "")
        self.depot.setObjectName("depotCode")
        self.address = QLineEdit()
        self.address.setPlaceholderText("postgresql://centre.example.be:5432/cpdesk?sslmode=verify-full")
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pepper = QLineEdit()  # the depot's PIN pepper: staff PINs are checked with it
        self.pepper.setEchoMode(QLineEdit.EchoMode.Password)
        self.pasted = QPlainTextEdit()
        self.pasted.setPlaceholderText(
            '{"depot": "HES", "url": "postgresql://…", "pin_pepper": "…", …}')
        self.pasted.setMaximumHeight(110)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_file)
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test_connection)
        self.check_label = QLabel()
        self.check_label.setObjectName("message")
        self.check_label.setWordWrap(True)
        self.setup_button = QPushButton()
        self.setup_button.setObjectName("primary")
        self.setup_button.setEnabled(False)
        self.setup_button.clicked.connect(self.start_sync)

        self.form = QFormLayout()
        self.depot_label, self.address_label = QLabel(), QLabel()
        self.login_label, self.password_label, self.pasted_label = QLabel(), QLabel(), QLabel()
        self.pepper_label = QLabel()
        self.form.addRow(self.depot_label, self.depot)
        self.form.addRow(self.address_label, self.address)
        self.form.addRow(self.login_label, self.login)
        self.form.addRow(self.password_label, self.password)
        self.form.addRow(self.pepper_label, self.pepper)
        self.form.addRow(self.pasted_label, self.pasted)
        buttons = QHBoxLayout()  # one row: the form fits the window's 640 px with a reason
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.setup_button)
        page1 = QWidget()
        p1 = QVBoxLayout(page1)
        p1.addLayout(self.form)
        p1.addLayout(buttons)
        p1.addStretch(1)

        self.sync_label = QLabel()
        self.sync_label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop_sync)
        self.resume_button = QPushButton()
        self.resume_button.clicked.connect(self.start_sync)
        self.resume_button.setVisible(False)
        page2 = QWidget()
        p2 = QVBoxLayout(page2)
        p2.addWidget(self.sync_label)
        p2.addWidget(self.bar)
        row = QHBoxLayout()
        row.addWidget(self.stop_button)
        row.addWidget(self.resume_button)
        p2.addLayout(row)
        p2.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(page1)
        self.pages.addWidget(page2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.pages, 1)
        # Below the pages, not in one: a stacked page gives a wrapped label too little height
        # (the three lines of a long reason were drawn over the buttons).
        layout.addWidget(self.check_label)
        self.retranslateUi()
        self._resume_if_set_up(depot)

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.title.setText(self.tr("Setting up this depot workstation"))
        self.intro.setText(self.tr(
            "This computer has no depot store yet. Give the depot's code and the centre's "
            "credentials (as 'cpdesk central add-depot --json' printed them: paste them or "
            "open the file), test the connection, then the first sync fills the store."))
        self.depot_label.setText(self.tr("Depot code"))
        self.address_label.setText(self.tr("Centre address"))
        self.login_label.setText(self.tr("Login"))
        self.password_label.setText(self.tr("Password"))
        self.pepper_label.setText(self.tr("PIN key (pin_pepper)"))
        self.pasted_label.setText(self.tr("Or paste the credentials (JSON)"))
        self.open_button.setText(self.tr("Open the credentials file…"))
        self.test_button.setText(self.tr("Test the connection"))
        self.setup_button.setText(self.tr("Set up and sync"))
        self.stop_button.setText(self.tr("Stop"))
        self.resume_button.setText(self.tr("Resume"))

    # -- credentials ----------------------------------------------------------------------
    def _resume_if_set_up(self, depot: str | None) -> None:
        """A store set up earlier (or a first sync stopped): go straight to the sync."""
        query(self, lambda: self.service.unfinished(depot), self._resume, lambda _m: None)

    def _resume(self, creds: DepotCredentials | None) -> None:
        if creds is None or self.creds is not None:  # nothing to resume, or already going
            return
        self.creds = creds
        self.depot.setText(creds.depot)
        self.pages.setCurrentIndex(1)
        self.sync_label.setText(self.tr("The first sync of depot {0} was not finished: resume "
                                        "it.").format(creds.depot))
        self.stop_button.setVisible(False)
        self.resume_button.setVisible(True)
        self.sig_resumable.emit(creds.depot)

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Credentials file"), "",
                                              "JSON (*.json);;* (*)")
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        try:
            self.pasted.setPlainText(path.read_text(encoding="utf-8"))
            return
        except FileNotFoundError:
            why = self.tr("there is no such file")
        except PermissionError:
            why = self.tr("this user may not read it")
        except (OSError, UnicodeDecodeError):  # a folder, a binary file...
            why = self.tr("it is not a text file")
        self._say(self.tr("Cannot read {0}: {1}").format(path, why), ok=False)

    def credentials(self) -> DepotCredentials:
        """What the form holds; CpdeskError with the reason when it is not enough."""
        depot = self.depot.text().strip().upper()
        pasted = self.pasted.toPlainText().strip()
        pepper = self.pepper.text().strip()
        if pasted:
            creds = parse_credentials(pasted, depot, pepper)
            if not depot:
                self.depot.setText(creds.depot)
            return creds
        if not depot:
            raise CpdeskError(self.tr("Give the depot code"))
        address = self.address.text().strip()
        if not address:
            raise CpdeskError(self.tr("Give the centre's address, or paste the credentials"))
        return self.service.credentials(depot, address, self.login.text().strip(),
                                        self.password.text(), pepper)

    def _say(self, text: str, *, ok: bool) -> None:
        self.check_label.setText(text)
        self.check_label.setProperty("ok", "yes" if ok else "no")
        self.check_label.style().unpolish(self.check_label)
        self.check_label.style().polish(self.check_label)

    def test_connection(self) -> None:
        try:
            creds = self.credentials()
        except CpdeskError as exc:
            self._say(refusal_text(exc), ok=False)
            return
        self.test_button.setEnabled(False)
        self.setup_button.setEnabled(False)
        self._say(self.tr("Testing the connection…"), ok=True)

        def done(check: ConnectionCheck) -> None:
            self.test_button.setEnabled(True)
            if check.ok:
                self.creds = creds
                self.setup_button.setEnabled(True)
                self._say(self.tr("Connected: the centre knows depot {0}.").format(creds.depot),
                          ok=True)
            else:
                self._say(reason_text(check.reason), ok=False)
                self.check_label.setToolTip(check.detail)
            self.sig_checked.emit(check)

        def failed(message: str) -> None:
            done(ConnectionCheck(False, "other", message))

        query(self, lambda: self.service.check(creds), done, failed)

    # -- first sync ------------------------------------------------------------------------
    def start_sync(self) -> None:
        creds = self.creds
        if creds is None:
            return
        self._stop.clear()
        self.pages.setCurrentIndex(1)
        self.stop_button.setVisible(True)
        self.stop_button.setEnabled(True)
        self.resume_button.setVisible(False)
        self.bar.setRange(0, 0)
        self.sync_label.setText(self.tr("First sync of depot {0}…").format(creds.depot))
        progress = self._progress

        def work() -> str:
            report = self.service.sync(creds, progress.sig_progress.emit, self._stop.is_set)
            return "stopped" if report is None else "done"

        def done(outcome: str) -> None:
            if outcome == "done":
                self.sync_label.setText(self.tr("Depot {0} is ready.").format(creds.depot))
                self.stop_button.setVisible(False)
                self.sig_sync_ended.emit("done")
                self.sig_ready.emit(creds.depot)
            else:
                self._stopped(self.tr("Stopped. What was pulled is kept: resume when you "
                                      "want."))
                self.sig_sync_ended.emit("stopped")

        def failed(message: str) -> None:
            self._stopped(self.tr("The first sync failed: {0}. What was pulled is kept: "
                                  "resume when the centre is back.").format(message))
            self.sig_sync_ended.emit("failed")

        query(self, work, done, failed)

    def _stopped(self, text: str) -> None:
        self.sync_label.setText(text)
        self.stop_button.setVisible(False)
        self.resume_button.setVisible(True)

    def stop_sync(self) -> None:
        self._stop.set()
        self.stop_button.setEnabled(False)

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setFormat(self.tr("{0} / {1} changes").format(done, total))

