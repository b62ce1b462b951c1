"""The credentials the first-start assistant takes: the JSON of `central add-depot --json` or a
centre URL, each with the depot's PIN pepper (without it no staff PIN could be checked)."""

from __future__ import annotations

import json

import pytest

from cpdesk.errors import CpdeskError
from cpdesk.sync.first_start import parse_credentials

PEPPER = "ab" * 32
URL = "postgresql+psycopg://cpd_hes:secret@centre.example.be:5432/cpdesk?sslmode=verify-full"


def test_the_pepper_of_the_pasted_json_is_kept() -> None:
    creds = parse_credentials(json.dumps({"depot": "hes", "url": URL, "pin_pepper": PEPPER}))
    assert (creds.depot, creds.url, creds.pin_pepper) == ("HES", URL, PEPPER)


def test_a_typed_address_takes_the_pepper_typed_beside_it() -> None:
    creds = parse_credentials(URL, "hes", PEPPER.upper())
    assert (creds.depot, creds.pin_pepper) == ("HES", PEPPER)


@pytest.mark.parametrize(("text", "depot", "pepper", "code"), [
    (json.dumps({"depot": "HES", "url": URL}), "", "", "credentials.no_pepper"),
    (URL, "HES", "", "credentials.no_pepper"),
    (json.dumps({"depot": "HES", "url": URL, "pin_pepper": "abc"}), "", "",
     "credentials.bad_pepper"),
    (URL, "HES", "zz" * 32, "credentials.bad_pepper"),
])
def test_credentials_without_a_usable_pepper_are_refused(text: str, depot: str, pepper: str,
                                                         code: str) -> None:
    with pytest.raises(CpdeskError) as refused:
        parse_credentials(text, depot, pepper)
    assert refused.value.code == code


def test_the_centres_ca_travels_in_the_json_and_is_checked() -> None:
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
    creds = parse_credentials(json.dumps({"depot": "HES", "url": URL, "pin_pepper": PEPPER,
                                          "ca": pem + "\n"}))
    assert creds.ca_pem == pem
    assert parse_credentials(URL, "HES", PEPPER).ca_pem == ""
    with pytest.raises(CpdeskError) as refused:
        parse_credentials(json.dumps({"depot": "HES", "url": URL, "pin_pepper": PEPPER,
                                      "ca": "not a certificate"}))
    assert refused.value.code == "credentials.bad_ca"
