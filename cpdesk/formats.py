"""Money, weights, numbers, dates and times as a Belgian reader of each language writes them.

The conventions come from Babel (the Unicode CLDR data), not from code of our own: the
screens and documents of a depot in Liège, Eupen or a Flemish partner's depot follow the
Belgian locales fr_BE, nl_BE, de_BE, and en_BE for English (English words, Belgian
conventions: comma decimals, day before month). So in Dutch money reads "€ 12,34", in French
"12,34 €", in German "26.11.2026".

Amounts stay exact: cents and grams go to Babel as `Decimal`, never as floats. Babel puts
no-break spaces where a line must not break ("12,34\\u00a0€"); screens and PDF fonts show
them as spaces. Printers with a code page of their own (ESC/POS receipts) keep the plain
`cpdesk.domain.money` forms.

Two forms the desk's first frame shows are made without Babel: the numeric date (the board's
day) and numbers with fixed decimals (the demo's scale panel, weights). Babel's import and
its locale data are ~20 ms of CPU, a twentieth of the desk's start; so these two come from
the small tables below, which hold what Babel's CLDR data says for each of the four locales
(`tests/test_formats.py` checks them against Babel: every day of a year and random
numbers, in all four). Babel is imported by the first other form, and warmed up on a worker
thread after the desk's first frame (`cpdesk.ui.app.warm_up_imports`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

LOCALES: dict[str, str] = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE", "en": "en_BE"}
DEFAULT = "fr"  # French is the depot desk's language unless one is chosen
NBSP = "\u00a0"

NUMERIC_DAY: dict[str, tuple[str, bool]] = {
    "fr_BE": ("/", True), "nl_BE": ("/", False), "de_BE": (".", True), "en_BE": ("/", False)}
"""Babel's `format_skeleton("yMMdd")` per locale: the separator, and whether day and month
have two digits ('06/01/2026', '6/1/2026', '06.01.2026', '6/1/2026')."""
NUMBER_SYMBOLS: dict[str, tuple[str, str]] = {
    "fr_BE": (",", "\u202f"), "nl_BE": (",", "."), "de_BE": (",", "."), "en_BE": (",", ".")}
"""The decimal sign and the thousands separator of each locale (CLDR, through Babel)."""


def locale_of(lang: str) -> str:
    """The Babel locale of a language code of the app ("fr", "nl", "de", "en"), or of a Qt
    locale name ("nl_BE"); French for anything else."""
    return LOCALES.get((lang or DEFAULT).split("_")[0].lower(), LOCALES[DEFAULT])


def money(cents: int, lang: str) -> str:
    """Euros from integer cents: '1 234,50 €' (fr), '€ 1.234,50' (nl), '-12,30 €' (de)."""
    from babel.numbers import format_currency

    return format_currency(Decimal(cents).scaleb(-2), "EUR", locale=locale_of(lang))


def number(value: int | Decimal, lang: str, *, decimals: int | None = None) -> str:
    """A count or a decimal quantity ('1,5'); `decimals` fixes the digits after the comma."""
    value = Decimal(value)
    if decimals is not None and value.is_finite():
        return _fixed(value, decimals, locale_of(lang))
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))


def _fixed(value: Decimal, decimals: int, locale: str) -> str:
    """What Babel's `format_decimal(value, "#,##0.00…", locale)` gives, done as Babel does it
    (`NumberPattern.apply`): the sign of the value given, its absolute value rounded to
    `decimals` places in the current decimal context, thousands grouped by three."""
    point, group = NUMBER_SYMBOLS[locale]
    negative = value.is_signed()
    rounded = abs(value).normalize().quantize(Decimal(10) ** -decimals)
    whole, _, fraction = f"{rounded:f}".partition(".")
    grouped = whole[-3:]
    whole = whole[:-3]
    while whole:
        grouped = f"{whole[-3:]}{group}{grouped}"
        whole = whole[:-3]
    if decimals:
        grouped += point + fraction.ljust(decimals, "0")
    return f"-{grouped}" if negative else grouped


def weight_kg(weight_g: int, lang: str) -> str:
    """A weight in kilograms with the scale's three decimals: '1,234 kg'."""
    return f"{number(Decimal(weight_g).scaleb(-3), lang, decimals=3)}{NBSP}kg"


def grams(weight_g: int | Decimal, lang: str, *, signed: bool = False) -> str:
    """A weight in grams with the digits the scale gave ('1 234,00 g' for a reading of
    1234.00 in French, '1.234,00 g' in German); `signed` puts '+' before a positive
    difference ('+12 g'). The number never breaks from its unit."""
    value = Decimal(weight_g)
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = number(value, lang, decimals=decimals)
    return f"{'+' if signed and value > 0 else ''}{text}{NBSP}g"


def percent(pct: int | Decimal, lang: str) -> str:
    """A whole percentage as the locale writes it: '5 %' (fr, de, no-break space), '5%'
    (nl, en)."""
    from babel.numbers import format_percent

    return format_percent(Decimal(pct).scaleb(-2), locale=locale_of(lang))


def day_numeric(day: dt.date, lang: str) -> str:
    """The locale's numeric date with the full year: '06/11/2026' (fr), '6/11/2026' (nl),
    '06.11.2026' (de), '6/11/2026' (en): Babel's `format_skeleton("yMMdd", ...)`, from
    `NUMERIC_DAY`."""
    separator, two_digits = NUMERIC_DAY[locale_of(lang)]
    if two_digits:
        return f"{day.day:02}{separator}{day.month:02}{separator}{day.year}"
    return f"{day.day}{separator}{day.month}{separator}{day.year}"


def day_long(day: dt.date, lang: str) -> str:
    """'jeudi 26 novembre 2026', 'donderdag 26 november 2026', 'Donnerstag 26 November 2026'
    (weekday, day, month in words, year: the order every Belgian locale uses)."""
    from babel.dates import format_date

    return format_date(day, "EEEE d MMMM y", locale=locale_of(lang))


def day_medium(day: dt.date, lang: str) -> str:
    """The locale's short written date: '26 nov. 2026', '26 nov 2026', '26.11.2026'."""
    from babel.dates import format_date

    return format_date(day, "medium", locale=locale_of(lang))


def time_of_day(moment: dt.time | dt.datetime, lang: str) -> str:
    """Hours and minutes on the 24-hour clock every Belgian locale uses: '09:05'. The moment
    is shown as given: pass it in the depot's time (cpdesk.clock)."""
    from babel.dates import format_time

    return format_time(moment, "HH:mm", locale=locale_of(lang))
