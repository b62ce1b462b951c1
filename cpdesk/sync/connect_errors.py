"""A failed connection to the centre, said in plain words.

libpq's messages ("SSL error: certificate verify failed", "pg_hba.conf rejects connection
... no encryption") mean something to a database administrator only; the person setting up a
depot needs to know what is wrong and what to do. The wording is matched on libpq's own texts
(the same for every PostgreSQL server version since 12); anything unknown is passed on as it is,
on one line.
"""

from __future__ import annotations

import re

# (pattern in libpq's message, plain words; {0}.. are the pattern's groups)
_WORDS: tuple[tuple[str, str], ...] = (
    (r"certificate verify failed",
     "the centre's TLS certificate is not signed by the certificate authority (CA) this depot "
     "trusts: give 'cpdesk setup' the centre's CA file with --ca"),
    (r'server certificate for "([^"]*)"(?: \(and \d+ other names?\))? does not match host name '
     r'"([^"]*)"',
     "the centre's TLS certificate is made out to {0}, not to {1}: use the host name written "
     "on the certificate in the central URL"),
    (r"root certificate file \"([^\"]*)\" does not exist",
     "this depot has no certificate authority (CA) file to check the centre's certificate "
     "({0} is missing): give 'cpdesk setup' the centre's CA file with --ca"),
    (r"server does not support SSL, but SSL was required",
     "the centre does not offer an encrypted (TLS) connection; a depot connects only with TLS: "
     "ask the centre's administrator to switch TLS on"),
    (r"rejects connection for host .* no encryption",
     "the centre refuses connections without encryption (TLS): use sslmode=verify-full in the "
     "central URL"),
    (r"no pg_hba\.conf entry for host .* no encryption",
     "the centre refuses connections without encryption (TLS): use sslmode=verify-full in the "
     "central URL"),
    (r"no pg_hba\.conf entry for host",
     "the centre does not accept connections from this place or for this login: ask the "
     "centre's administrator"),
    (r"password authentication failed for user \"([^\"]*)\"",
     "the centre refused the login {0} or its password: ask the centre's administrator for the "
     "depot's credentials ('cpdesk central add-depot') and run 'cpdesk setup' again"),
    (r"fe_sendauth: no password supplied",
     "the centre asks for a password and this depot has none: run 'cpdesk setup' again with "
     "the depot's central URL including its password"),
    (r"could not translate host name \"([^\"]*)\"",
     "the centre's host name {0} is unknown: check the central URL and the network"),
    (r"Connection refused",
     "nothing answers at the centre's address (connection refused): check the host and port "
     "of the central URL, or whether the centre is running"),
    (r"timeout expired|timed out",
     "the centre did not answer in time: check the network, or try again later"),
    (r"Network is unreachable|No route to host",
     "the centre can't be reached from here (no network route): check the network"),
    (r'database "([^"]*)" does not exist',
     "the centre has no database {0}: check the central URL"),
)


def in_words(exc: BaseException) -> str:
    """One line saying what went wrong while reaching the centre (libpq's text if unknown)."""
    text = " ".join(str(exc).split())
    for pattern, words in _WORDS:
        m = re.search(pattern, text)
        if m is not None:
            return words.format(*m.groups())
    return f"{type(exc).__name__}: {text}"[:300]
