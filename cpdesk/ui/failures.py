"""What a failed action means, in the person's language, for the screens.

Work runs off the GUI thread (workers.py); when it fails, the screen shows one line. A
problem of the depot's store (full disk, damaged file) gets a translated sentence saying
what happened and what to do, instead of the database's raw English message; other errors
keep their technical one-line form. `QCoreApplication.translate` is thread-safe, so these
texts may be made on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from cpdesk.errors import CpdeskError, StoreProblem
from cpdesk.store.health import store_problem

from .refusals import refusal_text, text_for


def store_problem_text(problem: StoreProblem) -> str:
    """The sentence for a store problem: what is wrong, and what to do."""
    if problem.kind == "full":
        return QCoreApplication.translate(
            "StoreProblem", "The disk is full: this was not saved (what the screen shows as "
            "done is saved). Free some disk space, then do it again.")
    if problem.kind == "unreadable":
        return QCoreApplication.translate(
            "StoreProblem", "The depot's data file cannot be read or written: check the disk "
            "and the rights on the data folder, then start cpdesk again.")
    if problem.kind == "empty":
        what = QCoreApplication.translate("StoreProblem",
                                          "The depot's data file is empty: its data is gone.")
    elif problem.kind == "not_sqlite":
        what = QCoreApplication.translate(
            "StoreProblem", "The depot's data file is not a cpdesk database: it was damaged "
            "or overwritten.")
    else:
        what = QCoreApplication.translate("StoreProblem", "The depot's data file is damaged.")
    todo = QCoreApplication.translate(
        "StoreProblem", "Stop working on this computer and have it restored from the centre "
        "with “cpdesk setup”: the depot's history comes back, the damaged file is kept aside.")
    return f"{what} {todo}"


def failure_text(exc: BaseException) -> str:
    """One line for a failed background call."""
    problem = store_problem(exc)
    if problem is not None:
        return store_problem_text(problem)
    return refusal_text(exc)  # a typed refusal in words, anything unexpected with its type


class FailureText(str):
    """A failed call's line as said when it failed (it is a `str`), and `again()`: the same
    line in the language in force when asked (a language switch words it anew). It keeps
    what the words need, never the exception (nor the frames its traceback holds)."""

    again: Callable[[], str]


def failure_words(exc: BaseException) -> FailureText:
    """`failure_text(exc)`, able to say itself again in another language (`again()`)."""
    problem = store_problem(exc)
    again: Callable[[], str]
    if problem is not None:
        kind = problem.kind

        def again() -> str:
            return store_problem_text(StoreProblem(kind, None))
    elif isinstance(exc, CpdeskError) and exc.code:
        code, values = exc.code, dict(exc.values)

        def again() -> str:
            return text_for(code, values)
    else:  # not worded by cpdesk: its technical line, as it is
        said = failure_text(exc)

        def again() -> str:
            return said
    words = FailureText(again())
    words.again = again
    return words


def said_again(text: str) -> str:
    """A line in the language now: a `FailureText` worded anew, any other text as it is."""
    return text.again() if isinstance(text, FailureText) else text


def store_problem_box(problem: StoreProblem) -> QMessageBox:
    """The window shown when the store cannot even be opened (the app cannot start)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "cpdesk", store_problem_text(problem),
                      QMessageBox.StandardButton.Close)
    box.setObjectName("storeProblemBox")
    box.setDetailedText(problem.describe())
    return box
