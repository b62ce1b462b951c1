"""The one ESC/POS decoder of the tests: printed bytes back to text lines, styles, commands.

Written from the Epson command reference, apart from the encoder (cpdesk.documents.receipt),
so a wrong byte in the encoder shows up as an unexpected command or garbled text here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CODE_PAGES = {0: "cp437", 2: "cp850", 19: "cp858"}


@dataclass
class Decoded:
    lines: list[str] = field(default_factory=list)
    styles: list[tuple[int, int, int]] = field(default_factory=list)  # (align, bold, size)
    commands: list[str] = field(default_factory=list)
    barcodes: list[tuple[int, bytes]] = field(default_factory=list)  # (system, data)
    code_page: int | None = None

    def text(self) -> str:
        return "\n".join(self.lines)


def decode_escpos(data: bytes) -> Decoded:
    """Decode the ESC/POS subset cpdesk emits; anything else fails the test."""
    out = Decoded()
    align = bold = size = 0
    codepage = "cp437"  # the printer's power-on table: text before ESC t reads wrong
    text = bytearray()
    i = 0
    while i < len(data):
        b = data[i]
        if b == 0x1B:
            cmd = data[i + 1]
            if cmd == ord("@"):
                out.commands.append("init")
                i += 2
                continue
            arg = data[i + 2]
            if cmd == ord("t"):
                out.code_page = arg
                codepage = CODE_PAGES[arg]
            elif cmd == ord("a"):
                align = arg
            elif cmd == ord("E"):
                bold = arg
            elif cmd == ord("p"):  # drawer kick: pin, on time, off time
                out.commands.append(f"drawer {arg} {data[i + 3]} {data[i + 4]}")
                i += 5
                continue
            else:
                raise AssertionError(f"unexpected ESC {cmd:#x}")
            out.commands.append(f"ESC {chr(cmd)} {arg}")
            i += 3
        elif b == 0x1D:
            cmd = data[i + 1]
            if cmd == ord("k"):
                system, n = data[i + 2], data[i + 3]
                out.barcodes.append((system, data[i + 4 : i + 4 + n]))
                i += 4 + n
                continue
            if cmd == ord("V"):
                out.commands.append(f"cut {data[i + 2]} {data[i + 3]}")
                i += 4
                continue
            if cmd == ord("!"):
                size = data[i + 2]
            elif cmd not in b"hwH":
                raise AssertionError(f"unexpected GS {cmd:#x}")
            out.commands.append(f"GS {chr(cmd)} {data[i + 2]}")
            i += 3
        elif b == 0x0A:
            out.lines.append(bytes(text).decode(codepage))
            out.styles.append((align, bold, size))
            text.clear()
            i += 1
        else:
            assert b >= 0x20, f"control byte {b:#x} at {i}"
            text += bytes([b])
            i += 1
    assert not text, "text after the last line feed"
    return out


def money(cents: int) -> str:
    """An amount as receipts print it, written out independently of cpdesk's formatting."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d} €"
