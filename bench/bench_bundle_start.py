"""Start-up of the bundle against the source checkout: `cpdesk demo --screenshot` (start to the
PNG of the loaded board, offscreen) on one demo data folder, runs interleaved so that both see
the same machine load. The first run of each is reported apart: the bundle's first start
after unpacking reads its files from disk (as far as the page cache allows; it cannot be
dropped here), later ones from memory.

    python bench/bench_bundle_start.py dist/cpdesk-0.1.0 [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def line(name: str, runs: list[float]) -> str:
    return (f"{name}: first {runs[0]:.2f} s; min {min(runs):.2f} / median "
            f"{statistics.median(runs):.2f} / max {max(runs):.2f} s over {len(runs)} runs")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("app", type=Path, help="the unpacked bundle folder (cpdesk-VERSION/)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CPDESK_LOG_DIR": f"{tmp}/log"}
        data = Path(tmp) / "demo"
        subprocess.run([sys.executable, "-m", "cpdesk", "init-demo", "--data-dir", str(data)],
                       check=True, capture_output=True, env=env)
        bundle, source = [], []
        for i in range(args.runs):
            bundle.append(timed([str(args.app / "cpdesk"), "demo", "--data-dir", str(data),
                                 "--screenshot", f"{tmp}/b{i}.png"], env))
            source.append(timed([sys.executable, "-m", "cpdesk", "demo", "--data-dir",
                                 str(data), "--screenshot", f"{tmp}/s{i}.png"], env))
    print(line("bundle", bundle))
    print(line("source checkout", source))
    median_ratio = statistics.median(bundle) / statistics.median(source)
    print(f"ratio bundle / source: median {median_ratio:.2f}"
          f", first {bundle[0] / source[0]:.2f}")


if __name__ == "__main__":
    main()
