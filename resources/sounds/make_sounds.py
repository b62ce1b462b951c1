"""Make the two scan sounds with the standard library (run: python make_sounds.py).

accepted.wav: one short high beep (1.8 kHz, 90 ms). refused.wav: a low double buzz
(220 Hz square-ish wave, 2 × 160 ms). Distinct in pitch and rhythm, audible in a noisy depot.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050


def tone(freq_hz: float, ms: int, *, square: bool = False, volume: float = 0.6) -> list[int]:
    n = int(RATE * ms / 1000)
    out = []
    for i in range(n):
        s = math.sin(2 * math.pi * freq_hz * i / RATE)
        if square:
            s = 0.8 if s >= 0 else -0.8
        fade = min(1.0, i / 200, (n - i) / 200)  # no clicks at the edges
        out.append(int(32767 * volume * s * fade))
    return out


def silence(ms: int) -> list[int]:
    return [0] * int(RATE * ms / 1000)


def write(path: Path, samples: list[int]) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))


if __name__ == "__main__":
    here = Path(__file__).parent
    write(here / "accepted.wav", tone(1800, 90))
    write(here / "refused.wav", tone(220, 160, square=True) + silence(70)
          + tone(220, 160, square=True))
