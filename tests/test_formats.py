"""Money, weights and dates per Belgian locale come from Babel, exact to the cent and gram."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cpdesk import formats

NB = "\u00a0"
DAY = dt.date(2026, 11, 26)


def test_money_follows_each_belgian_locale():
    assert formats.money(123450, "fr") == f"1\u202f234,50{NB}€"
    assert formats.money(123450, "nl") == f"€{NB}1.234,50"
    assert formats.money(123450, "de") == f"1.234,50{NB}€"
    assert formats.money(123450, "en") == f"1.234,50{NB}€"  # en_BE: Belgian conventions
    assert formats.money(-1230, "fr") == f"-12,30{NB}€"
    assert formats.money(5, "nl") == f"€{NB}0,05"


@given(st.integers(min_value=-(10**15), max_value=10**15),
       st.sampled_from(["fr", "nl", "de", "en"]))
def test_money_is_exact_to_the_cent_however_large(cents, lang):
    """No float on the way: the digits shown are the cents given."""
    digits = "".join(c for c in formats.money(cents, lang) if c.isdigit())
    assert int(digits) == abs(cents)
    assert formats.money(cents, lang).startswith("-") == (cents < 0) or lang == "nl"


def test_grams_keep_the_scales_digits_in_each_locale_and_never_break_before_g():
    assert formats.grams(Decimal("1234.00"), "fr") == f"1\u202f234,00{NB}g"
    assert formats.grams(Decimal("1234.00"), "de") == f"1.234,00{NB}g"
    assert formats.grams(Decimal("1250.5"), "nl") == f"1.250,5{NB}g"
    assert formats.grams(200, "fr") == f"200{NB}g"
    assert formats.grams(12, "de", signed=True) == f"+12{NB}g"
    assert formats.grams(-12, "de", signed=True) == f"-12{NB}g"
    assert formats.grams(0, "fr", signed=True) == f"0{NB}g"


def test_percentages_follow_the_locale():
    assert formats.percent(5, "fr") == f"5{NB}%"
    assert formats.percent(5, "de") == f"5{NB}%"
    assert formats.percent(12, "nl") == "12%"
    assert formats.percent(12, "en") == "12%"


def test_weights_show_the_scales_three_decimals_and_never_break_before_kg():
    assert formats.weight_kg(1234, "fr") == f"1,234{NB}kg"
    assert formats.weight_kg(50, "de") == f"0,050{NB}kg"
    assert formats.weight_kg(-50, "nl") == f"-0,050{NB}kg"
    assert formats.weight_kg(1_234_567, "fr") == f"1\u202f234,567{NB}kg"


def test_numbers_and_dates_per_locale():
    assert formats.number(Decimal("1.5"), "nl") == "1,5"
    assert formats.number(3, "de") == "3"
    assert formats.number(Decimal("2"), "fr", decimals=2) == "2,00"
    assert [formats.day_numeric(DAY, lang) for lang in ("fr", "nl", "de", "en")] == [
        "26/11/2026", "26/11/2026", "26.11.2026", "26/11/2026"]
    assert [formats.day_long(DAY, lang) for lang in ("fr", "nl", "de", "en")] == [
        "jeudi 26 novembre 2026", "donderdag 26 november 2026", "Donnerstag 26 November 2026",
        "Thursday 26 November 2026"]
    assert formats.day_medium(DAY, "de") == "26.11.2026"
    assert formats.time_of_day(dt.time(9, 5), "en") == "09:05"  # 24-hour clock, also in English


def test_a_qt_locale_name_or_an_unknown_code_maps_to_a_belgian_locale():
    assert formats.locale_of("nl_BE") == "nl_BE"
    assert formats.locale_of("de") == "de_BE"
    assert formats.locale_of("") == "fr_BE"
    assert formats.locale_of("it") == "fr_BE"


def test_documents_keep_one_catalogue_of_words():
    """Words printed on documents live in cpdesk/documents/i18n.py only: no other module of
    the documents holds a table keyed by language, and dates come from the locale data."""
    folder = Path(__file__).resolve().parents[1] / "cpdesk" / "documents"
    langs = {"fr", "nl", "de", "en"}
    found = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if len(keys & langs) >= 2:
                    found.append(path.name)
    assert set(found) == {"i18n.py"}
    text = (folder / "i18n.py").read_text()
    assert "décembre" not in text and "Montag" not in text  # no month or day tables


# The desk's first frame formats its day and the demo scale's weights without Babel
# (formats.NUMERIC_DAY, formats.NUMBER_SYMBOLS): the same texts as Babel, checked here against
# Babel itself, so a new CLDR in a new Babel that changed them would be noticed.

def test_the_numeric_day_without_babel_is_babels_for_every_day_of_a_year_in_each_language():
    from babel.dates import format_skeleton

    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    days += [dt.date(2028, 2, 29), dt.date(1999, 12, 31), dt.date(2100, 10, 9)]
    for lang in ("fr", "nl", "de", "en", "nl_BE", "it", ""):
        locale = formats.locale_of(lang)
        for day in days:
            assert formats.day_numeric(day, lang) == format_skeleton("yMMdd", day, locale=locale)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12),
                   max_value=10**12, places=None) | st.integers(-(10**15), 10**15).map(Decimal),
       st.integers(min_value=0, max_value=4), st.sampled_from(["fr", "nl", "de", "en"]))
def test_fixed_decimals_without_babel_are_babels(value, decimals, lang):
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    babel = format_decimal(value, format=pattern, locale=formats.locale_of(lang))
    assert formats.number(value, lang, decimals=decimals) == babel


def test_fixed_decimals_without_babel_round_and_sign_as_babel_does():
    from babel.numbers import format_decimal

    for text in ("0", "-0", "-0.0001", "0.5", "1.5", "2.5", "-2.5", "0.0005", "999.9996",
                 "999999.5", "1234567.891", "1E+3", "-1E+6", "0.125", "7"):
        for decimals in range(4):
            for lang in ("fr", "nl", "de", "en"):
                pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
                assert formats.number(Decimal(text), lang, decimals=decimals) == format_decimal(
                    Decimal(text), format=pattern, locale=formats.locale_of(lang)), (text, lang)


def test_the_first_frames_forms_do_not_import_babel():
    import subprocess
    import sys

    code = ("import sys, datetime, decimal; from cpdesk import formats; "
            "formats.day_numeric(datetime.date(2026, 11, 6), 'nl'); "
            "formats.grams(decimal.Decimal('1234.5'), 'fr', signed=True); "
            "formats.weight_kg(1234, 'de'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "[]"
