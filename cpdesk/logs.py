"""The log a support person can ask for: a rotating file in the platform's log folder.

    path = setup_logging()          # once, at start-up (cpdesk run / demo)

What goes in: start-up and configuration, devices connecting and disconnecting (with the
driver's reason), sync rounds with their counts and durations, every refusal a user saw,
uncaught exceptions with their traceback. `faulthandler` writes a crash of the interpreter
itself (a segfault in a driver or in Qt) into `crash.log` beside it. No passwords: URLs are
logged without theirs (`redact`).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

import platformdirs

LOG_NAME = "cpdesk.log"
CRASH_NAME = "crash.log"
_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")
_PASSWORD_FIELD = re.compile(r"(?i)(password[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+")
_crash_file: IO[str] | None = None


def log_dir() -> Path:
    """CPDESK_LOG_DIR, else the platform's user log folder."""
    env = os.environ.get("CPDESK_LOG_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_log_dir("cpdesk", "Circuits Paysans"))


def redact(text: str) -> str:
    """The text without the passwords it may hold (in URLs or `password=` fields)."""
    return _PASSWORD_FIELD.sub(r"\1***", _PASSWORD_IN_URL.sub(r"\1***@", text))


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(directory: Path | None = None, *, level: int = logging.INFO) -> Path:
    """Log into DIR/cpdesk.log (1 MB x 5 files kept); returns the log file's path."""
    global _crash_file
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "cpdesk", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.cpdesk = True  # type: ignore[attr-defined]
    handler.setFormatter(RedactingFormatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level) if root.level else level)
    if _crash_file is None:
        _crash_file = open(directory / CRASH_NAME, "a", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(_crash_file)
    return path


def stop_logging() -> None:
    """Remove the file handler `setup_logging` added (tests; a second desk in one process)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "cpdesk", False):
            root.removeHandler(handler)
            handler.close()


def log_uncaught(exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
    logging.getLogger("cpdesk").critical("uncaught exception", exc_info=(exc_type, exc, tb))


def install_excepthook(show: object = None) -> None:
    """Uncaught exceptions (GUI thread and worker threads) are logged, then `show(text)`."""
    import threading
    import traceback

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log_uncaught(exc_type, exc, tb)
        if callable(show):
            show("".join(traceback.format_exception_only(exc_type, exc)).strip())

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log_uncaught(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
