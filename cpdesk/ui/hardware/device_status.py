"""Device states in the user's words: which device, what is wrong, since when.

The drivers (cpdesk/hardware) report short English sentences with the technical detail
("disconnected: cannot open /dev/ttyUSB0: [Errno 2] ..."); the log keeps those, the screen
shows what a packer can act on ("Scale: absent or unplugged (/dev/ttyUSB0) since 14:02").
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QCoreApplication

from cpdesk import clock


def device_name(name: str) -> str:
    names = {"scale": QCoreApplication.translate("Devices", "Scale"),
             "labels": QCoreApplication.translate("Devices", "Label printer"),
             "receipts": QCoreApplication.translate("Devices", "Receipt printer"),
             "documents": QCoreApplication.translate("Devices", "A4 printer")}
    if name in names:
        return names[name]
    if name.startswith("scanner "):
        return QCoreApplication.translate("Devices", "Scanner {0}").format(
            name.removeprefix("scanner "))
    return name


def is_ok(state: str) -> bool:
    return state in ("connected", "ok", "simulated", "not started")


def state_words(state: str) -> str:
    """The driver's sentence as a short phrase in the user's language."""
    if state in ("connected", "ok"):
        return QCoreApplication.translate("Devices", "ready")
    if state == "not configured":
        return QCoreApplication.translate("Devices", "not configured")
    if state == "overload":
        return QCoreApplication.translate("Devices", "overload")
    if state == "underload":
        return QCoreApplication.translate("Devices", "under zero")
    if state.startswith("no answer"):
        return QCoreApplication.translate("Devices", "no answer")
    if state.startswith("unreadable bytes"):
        return QCoreApplication.translate("Devices", "unreadable bytes: check the line settings")
    opened = re.match(r"disconnected: cannot open (\S+?):", state)
    if opened:
        return QCoreApplication.translate(
            "Devices", "absent or unplugged ({0})").format(opened.group(1))
    if state.startswith("disconnected"):
        return QCoreApplication.translate(
            "Devices", "disconnected ({0})").format(state.partition(": ")[2] or "?")
    if "unreachable" in state or "Connection refused" in state:
        return QCoreApplication.translate("Devices", "unreachable")
    if "silent" in state:
        return QCoreApplication.translate("Devices", "does not answer")
    if "paper out" in state or "paper: out" in state:
        return QCoreApplication.translate("Devices", "out of paper")
    if "is stopped" in state:
        return QCoreApplication.translate("Devices", "stopped in CUPS")
    if "no printer named" in state:
        return QCoreApplication.translate("Devices", "not configured")
    return state


def describe(state: str, since: dt.datetime | None) -> str:
    words = state_words(state)
    if since is None or is_ok(state):
        return words
    return QCoreApplication.translate("Devices", "{0} since {1}").format(words, clock.hm(since))
