"""Benchmark: scale readings per second and frame-to-reading delay, against raw pyserial.

    python bench/bench_scale.py

Three figures, each next to a baseline measured in the same run:
1. parse rate: Toledo continuous frames parsed from memory (no I/O).
2. throughput over a socat pty: readings delivered by ScaleReader while a writer streams
   frames as fast as it can, vs a raw pyserial loop that only splits the stream on CR.
3. latency: time from writing one frame on the pty to the reading reaching the callback,
   vs a raw pyserial read loop seeing the frame's CR.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import serial

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cpdesk.hardware.ptypair import PtyPair  # noqa: E402
from cpdesk.hardware.scale_service import ScaleReader  # noqa: E402
from cpdesk.hardware.scales import PROTOCOLS, ToledoContinuousParser  # noqa: E402
from cpdesk.hardware.simulator import encode_continuous  # noqa: E402

FRAME = encode_continuous(Decimal(1234), stable=True)


def parse_rate(n: int = 200_000) -> tuple[float, float]:
    stream = FRAME * n
    parser = ToledoContinuousParser()
    t0 = time.perf_counter()
    count = sum(len(parser.feed(stream[i:i + 4096])) for i in range(0, len(stream), 4096))
    parsed = count / (time.perf_counter() - t0)
    t0 = time.perf_counter()  # baseline: splitting on CR only
    frames = 0
    for i in range(0, len(stream), 4096):
        frames += stream[i:i + 4096].count(b"\r")
    split = frames / (time.perf_counter() - t0)
    return parsed, split


def _writer(path: Path, frames: int, done: threading.Event) -> None:
    with serial.Serial(str(path), timeout=1) as out:
        block = FRAME * 64
        for _ in range(frames // 64):
            out.write(block)
        out.flush()
    done.set()


def throughput(pair: PtyPair, frames: int = 20_000) -> tuple[float, float]:
    # raw baseline
    with serial.Serial(str(pair.b), timeout=0.5) as port:
        port.reset_input_buffer()
        done = threading.Event()
        seen = 0
        t0 = time.perf_counter()
        threading.Thread(target=_writer, args=(pair.a, frames, done), daemon=True).start()
        while seen < frames // 64 * 64:
            data = port.read(port.in_waiting or 1)
            if not data and done.is_set():
                break
            seen += data.count(b"\r")
        raw_rate = seen / (time.perf_counter() - t0)
    # ScaleReader
    got = 0
    finished = threading.Event()
    target = frames // 64 * 64

    def on_reading(_r: object) -> None:
        nonlocal got
        got += 1
        if got >= target:
            finished.set()

    reader = ScaleReader(url=str(pair.b), protocol=PROTOCOLS["toledo-continuous"],
                         on_reading=on_reading, poll_interval_s=0.5)
    reader.start()
    time.sleep(0.2)
    done = threading.Event()
    t0 = time.perf_counter()
    threading.Thread(target=_writer, args=(pair.a, frames, done), daemon=True).start()
    finished.wait(60)
    rate = got / (time.perf_counter() - t0)
    reader.stop()
    return rate, raw_rate


def latency(pair: PtyPair, rounds: int = 200) -> tuple[list[float], list[float]]:
    out = serial.Serial(str(pair.a), timeout=1)
    raw: list[float] = []
    with serial.Serial(str(pair.b), timeout=0.5) as port:
        for _ in range(rounds):
            t0 = time.perf_counter()
            out.write(FRAME)
            buf = b""
            while b"\r" not in buf:
                buf += port.read(port.in_waiting or 1)
            raw.append(time.perf_counter() - t0)
            time.sleep(0.002)
    ours: list[float] = []
    arrived = threading.Event()
    stamp = [0.0]

    def on_reading(_r: object) -> None:
        stamp[0] = time.perf_counter()
        arrived.set()

    reader = ScaleReader(url=str(pair.b), protocol=PROTOCOLS["toledo-continuous"],
                         on_reading=on_reading, poll_interval_s=0.5, timeout_s=5)
    reader.start()
    time.sleep(0.2)
    for _ in range(rounds):
        arrived.clear()
        t0 = time.perf_counter()
        out.write(FRAME)
        if arrived.wait(2):
            ours.append(stamp[0] - t0)
        time.sleep(0.002)
    reader.stop()
    out.close()
    return ours, raw


def ms(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000 if len(values) > 1 else 0.0


def main() -> None:
    print(f"(a 9600-baud line carries at most {9600 // 10 // len(FRAME)} continuous frames/s)")
    parsed, split = parse_rate()
    print(f"parse rate (memory):    {parsed:12,.0f} readings/s   raw CR split {split:12,.0f}/s"
          f"   ratio {parsed / split:.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        pair = PtyPair(Path(tmp), "bench")
        pair.start()
        try:
            rate, raw_rate = throughput(pair)
            print(f"throughput (pty):       {rate:12,.0f} readings/s"
                  f"   raw pyserial {raw_rate:12,.0f} frames/s   ratio {rate / raw_rate:.3f}")
            ours, raw = latency(pair)
            print(f"latency frame→reading:  median {statistics.median(ours) * 1000:.3f} ms  "
                  f"p95 {ms(ours, 95):.3f} ms   raw pyserial median "
                  f"{statistics.median(raw) * 1000:.3f} ms p95 {ms(raw, 95):.3f} ms   "
                  f"ratio (median) {statistics.median(ours) / statistics.median(raw):.2f}"
                  f"   ({len(ours)}/{len(raw)} samples)")
        finally:
            pair.stop()


if __name__ == "__main__":
    main()
