"""A small ESC/POS decoder for tests: printed bytes back to text lines and commands.

Written independently of the encoder (from the Epson command reference), so a wrong byte
in the encoder shows up as an unknown command or garbled text here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Decoded:
    lines: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self.lines)


def decode(raw: bytes) -> Decoded:
    out = Decoded()
    codepage = "cp437"  # the printer's power-on table
    buf = bytearray()
    i = 0
    while i < len(raw):
        b = raw[i]
        if b == 0x1B:  # ESC
            op = chr(raw[i + 1])
            if op == "@":
                out.commands.append("init")
                i += 2
            elif op == "t":
                n = raw[i + 2]
                codepage = {19: "cp858", 0: "cp437", 2: "cp850"}[n]
                out.commands.append(f"codepage:{n}")
                i += 3
            elif op in "aE":
                out.commands.append(f"{op}:{raw[i + 2]}")
                i += 3
            elif op == "p":
                out.commands.append(f"drawer:{raw[i + 2]}:{raw[i + 3]}:{raw[i + 4]}")
                i += 5
            else:
                raise AssertionError(f"unknown ESC {op!r} at {i}")
        elif b == 0x1D:  # GS
            op = chr(raw[i + 1])
            if op == "!":
                out.commands.append(f"size:{raw[i + 2]:#04x}")
                i += 3
            elif op == "V":
                out.commands.append("cut")
                i += 4 if raw[i + 2] in (65, 66) else 3
            else:
                raise AssertionError(f"unknown GS {op!r} at {i}")
        elif b == 0x0A:
            out.lines.append(bytes(buf).decode(codepage))
            buf.clear()
            i += 1
        else:
            buf.append(b)
            i += 1
    assert not buf, "text after the last line feed"
    return out


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d} €"
