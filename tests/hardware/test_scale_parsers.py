"""Frame parsers: frames as the manuals print them, garbage, partial frames, fuzzing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpdesk.hardware.scales import (
    PROTOCOLS,
    CasParser,
    MtSicsParser,
    RegexParser,
    ScaleParseError,
    Toledo8217Parser,
    ToledoContinuousParser,
    checksum_7bit,
    get_protocol,
)
from cpdesk.hardware.simulator import (
    REGEX_PATTERN,
    encode_8217,
    encode_cas,
    encode_continuous,
    encode_mt_sics,
)


def one(parser, data: bytes):
    readings = parser.feed(data)
    assert len(readings) == 1, (readings, parser.last_error)
    return readings[0]


# --- MT-SICS: examples of the reference manual (commands S and SI) --------------------
def test_mt_sics_stable_weight_from_manual() -> None:
    r = one(MtSicsParser(), b"S S     100.00 g\r\n")
    assert (r.weight_g, r.unit, r.stable) == (Decimal("100.00"), "g", True)
    assert r.raw == b"S S     100.00 g\r\n"


def test_mt_sics_dynamic_weight_is_not_stable() -> None:
    r = one(MtSicsParser(), b"S D     129.07 g\r\n")
    assert r.stable is False and r.weight_g == Decimal("129.07")


def test_mt_sics_kg_and_negative_net_are_exact_grams() -> None:
    assert one(MtSicsParser(), b"S S      1.235 kg\r\n").weight_g == Decimal("1235")
    assert one(MtSicsParser(), b"S S     -12.50 g\r\n").weight_g == Decimal("-12.50")


def test_mt_sics_overload_underload() -> None:
    assert one(MtSicsParser(), b"S +\r\n").overload
    assert one(MtSicsParser(), b"S -\r\n").underload


def test_mt_sics_errors_and_busy_are_counted_not_raised() -> None:
    p = MtSicsParser()
    assert p.feed(b"ES\r\nS I\r\nET\r\n") == []
    assert p.errors == 3 and "transmission" in p.last_error


def test_mt_sics_tare_and_zero_acknowledgements_are_no_readings() -> None:
    p = MtSicsParser()
    assert p.feed(b"T S     100.00 g\r\nZ A\r\n") == []
    assert p.errors == 0


def test_mt_sics_partial_frame_waits_for_the_rest() -> None:
    p = MtSicsParser()
    assert p.feed(b"S S    1") == []
    assert one(p, b"00.00 g\r\n").weight_g == Decimal("100.00")


def test_mt_sics_resynchronises_after_garbage() -> None:
    p = MtSicsParser()
    readings = p.feed(b"\xff\xfe\x81garbage\r\nS S      5.00 g\r\n")
    assert [r.weight_g for r in readings] == [Decimal("5.00")]
    assert p.errors == 1


# --- Toledo 8217 ------------------------------------------------------------------------
def test_8217_weight_reply_is_kg_with_net_flag() -> None:
    r = one(Toledo8217Parser(), b"\x02  1.234N\r")
    assert (r.weight_g, r.unit, r.stable, r.net) == (Decimal("1234.000"), "kg", True, True)


def test_8217_status_motion_and_overload() -> None:
    moving = one(Toledo8217Parser(), b"\x02?\x01\r")
    assert moving.weight_g is None and not moving.stable
    assert one(Toledo8217Parser(), b"\x02?\x02\r").overload  # status byte equal to STX
    assert one(Toledo8217Parser(), b"\x02?\x04\r").underload


def test_8217_status_letters_with_bit_6_are_decoded_from_bits_0_to_4() -> None:
    # Many scales set bit 6 so that the status is a printable letter: `?D` is "under zero",
    # `?A` motion, `?B` over capacity, `?a` motion on a net weight.
    assert one(Toledo8217Parser(), b"\x02?D\r").underload
    moving = one(Toledo8217Parser(), b"\x02?A\r")
    assert not moving.stable and not moving.overload and not moving.underload
    assert one(Toledo8217Parser(), b"\x02?B\r").overload
    net_moving = one(Toledo8217Parser(), b"\x02?a\r")
    assert net_moving.net and not net_moving.stable


def test_8217_bit_6_alone_is_a_bad_command() -> None:
    p = Toledo8217Parser()
    assert p.feed(b"\x02?@\r") == []
    assert p.last_error == "scale says: bad command"


def test_8217_drops_a_partial_frame_and_resynchronises() -> None:
    p = Toledo8217Parser()
    readings = p.feed(b"xx\x02  0.5\x02  0.750\r")
    assert [r.weight_g for r in readings] == [Decimal("750.000")]
    assert p.errors == 2


# --- Toledo continuous ------------------------------------------------------------------
def test_continuous_frame_decimal_code_and_status_bits() -> None:
    # SWA 0x25: decimal code 5 (X.XXX); SWB 0x30: kg, gross, stable; weight 001234.
    frame = b"\x02\x25\x30\x20001234000100\r"
    r = one(ToledoContinuousParser(), frame)
    assert (r.weight_g, r.unit, r.stable, r.net) == (Decimal("1234.000"), "kg", True, False)
    assert r.tare_g == Decimal("100.000")


def test_continuous_motion_negative_and_out_of_range() -> None:
    moving = one(ToledoContinuousParser(), b"\x02\x25\x39\x20000500000000\r")
    assert not moving.stable and moving.net
    neg = one(ToledoContinuousParser(), b"\x02\x25\x32\x20000500000000\r")
    assert neg.weight_g == Decimal("-500.000")
    over = one(ToledoContinuousParser(), b"\x02\x25\x34\x20000500000000\r")
    assert over.overload and over.weight_g is None and not over.stable


def test_continuous_lb_and_decimal_code_2() -> None:
    r = one(ToledoContinuousParser(), b"\x02\x22\x20\x20000010000000\r")
    assert r.unit == "lb" and r.weight_g == Decimal("4535.9237")


def test_continuous_checksum_is_checked() -> None:
    good = encode_continuous(Decimal(250), stable=True, checksum=True)
    assert good[17] == checksum_7bit(good[:17])
    assert one(ToledoContinuousParser(checksum=True), good).weight_g == Decimal(250)
    p = ToledoContinuousParser(checksum=True)
    assert p.feed(good[:17] + bytes([(good[17] + 1) & 0x7F])) == []
    assert "checksum" in p.last_error


def test_continuous_stream_with_garbage_and_partial_frames() -> None:
    frame = encode_continuous(Decimal(1000), stable=True)
    p = ToledoContinuousParser()
    stream = b"\x95\xaa" + frame[:9] + frame + b"\x00\x02" + frame
    assert [r.weight_g for r in p.feed(stream)] == [Decimal(1000), Decimal(1000)]
    assert p.errors >= 2


def test_continuous_byte_by_byte() -> None:
    frame = encode_continuous(Decimal(42), stable=False)
    p = ToledoContinuousParser()
    out = [r for b in frame * 3 for r in p.feed(bytes([b]))]
    assert len(out) == 3 and p.errors == 0


# --- CAS --------------------------------------------------------------------------------
def test_cas_22_byte_frame() -> None:
    frame = b"ST,GS,1\x44,   1.234 kg\r\n"
    assert len(frame) == 22
    r = one(CasParser(), frame)
    assert (r.weight_g, r.unit, r.stable, r.net) == (Decimal("1234.000"), "kg", True, False)


def test_cas_unstable_header_or_lamp_is_not_stable() -> None:
    assert not one(CasParser(), b"US,GS,1\x44,   1.234 kg\r\n").stable
    assert not one(CasParser(), b"ST,NT,1\x02,   1.234 kg\r\n").stable  # lamp says moving


def test_cas_overload_and_net() -> None:
    assert one(CasParser(), b"OL,GS,1\x04,  99.999 kg\r\n").overload
    assert one(CasParser(), encode_cas(Decimal(0), stable=False, fault="underload")).underload
    assert one(CasParser(), encode_cas(Decimal(500), stable=True, net=True)).net


# --- regex ------------------------------------------------------------------------------
def test_regex_protocol_groups() -> None:
    p = RegexParser(REGEX_PATTERN)
    r = one(p, b"W: 812.5 g ST\r\n")
    assert (r.weight_g, r.stable) == (Decimal("812.5"), True)
    assert not one(p, b"W: 812.5 g US\r\n").stable


def test_regex_without_stability_group_is_never_stable() -> None:
    assert not one(RegexParser(r"(?P<weight>\d+)"), b"500\n").stable


def test_regex_bad_pattern_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="weight"):
        get_protocol("regex", pattern=r"\d+")
    with pytest.raises(ValueError, match="unknown scale protocol"):
        get_protocol("dibal")


def test_encoders_round_trip_every_protocol() -> None:
    cases = {
        "mt-sics": encode_mt_sics(Decimal("1500.25"), stable=True),
        "toledo-8217": encode_8217(Decimal(1500), stable=True),
        "toledo-continuous": encode_continuous(Decimal(1500), stable=True),
        "cas": encode_cas(Decimal(1500), stable=True),
    }
    for name, frame in cases.items():
        r = one(PROTOCOLS[name].make_parser(), frame)
        assert r.stable and r.weight_g is not None and abs(r.weight_g - 1500) < 1, name


# --- fuzzing: nothing but ScaleParseError ever escapes ----------------------------------
PARSERS = [
    MtSicsParser, Toledo8217Parser, ToledoContinuousParser, CasParser,
    lambda: ToledoContinuousParser(checksum=True), lambda: RegexParser(REGEX_PATTERN),
]


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.binary(max_size=40), max_size=8))
def test_fuzz_feed_never_raises(chunks: list[bytes]) -> None:
    for make in PARSERS:
        p = make()
        for chunk in chunks:
            for r in p.feed(chunk):
                assert r.weight_g is None or r.weight_g.is_finite()
        assert len(p.buffer) <= p.max_buffer


@settings(max_examples=300, deadline=None)
@given(frame=st.binary(max_size=30))
def test_fuzz_parse_frame_raises_only_parse_errors(frame: bytes) -> None:
    for make in PARSERS:
        try:
            make().parse_frame(frame)
        except ScaleParseError:
            pass


@settings(max_examples=200, deadline=None)
@given(body=st.binary(min_size=15, max_size=15))
def test_fuzz_structured_continuous_frames(body: bytes) -> None:
    frame = b"\x02" + body + b"\r"
    try:
        ToledoContinuousParser().parse_frame(frame)
    except ScaleParseError:
        pass
