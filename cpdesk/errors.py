"""Errors the user is meant to read: one clear line, no traceback."""


class CpdeskError(Exception):
    """An expected failure with a message fit for the person at the desk."""


class NotFound(CpdeskError):
    """A thing asked for by number or id does not exist."""
