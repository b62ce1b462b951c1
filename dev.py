#!/usr/bin/env python3
"""One-command set-up and tasks for cpdesk (only the Python standard library is needed).

    python3 dev.py demo [cpdesk demo options]   # start the app on the embedded demo network
    python3 dev.py test [pytest options]        # lint, type-check and run the whole test suite
    python3 dev.py translations                 # bring resources/i18n/*.ts in step with the
                                                # code (lupdate), list what is untranslated,
                                                # compile the .qm files
    python3 dev.py resources                    # compile/copy resources/ into cpdesk/_resources
    python3 dev.py bundle                       # build the one-file install for this platform
                                                # (dist/cpdesk-VERSION-linux-x86_64.tar.gz)

The first run creates `.venv/` and installs cpdesk with its dev extras; later runs reinstall
only when `pyproject.toml` changed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import venv
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".cpdesk-installed"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("fr", "nl", "de")


def ensure_env() -> None:
    if not PY.exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("dev.py: installing cpdesk and its dependencies into .venv", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(digest)


def run(cmd: list[str]) -> int:
    return subprocess.run(cmd, cwd=ROOT).returncode


def run_forwarding_signals(cmd: list[str]) -> int:
    """Run the app as a child and pass Ctrl+C (SIGINT) and SIGTERM on to it, so that stopping
    `dev.py demo` stops the app (which closes cleanly on both), then wait for it to end."""
    child = subprocess.Popen(cmd, cwd=ROOT)

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    wanted = [signal.SIGINT, getattr(signal, "SIGTERM", None)]
    previous = {s: signal.signal(s, forward) for s in wanted if s is not None}
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # a handler replaced after start: keep waiting
                forward(signal.SIGINT, None)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def test(args: list[str]) -> int:
    for step in (
        [str(PY), "-m", "ruff", "check", "cpdesk", "tests", "bench", "resources", "deploy",
         "setup.py", "dev.py"],
        [str(PY), "-m", "mypy"],
    ):
        print("dev.py:", " ".join(step[1:]), flush=True)
        if rc := run(step):
            return rc
    env_cmd = [str(PY), "-m", "pytest", *args]
    print("dev.py:", " ".join(env_cmd[1:]), flush=True)
    rc = run(env_cmd)
    if rc == 5:
        print("dev.py: pytest collected no tests: that is a failure", file=sys.stderr)
        return 1
    return rc


def resources() -> int:
    """Compile the translations and copy sounds and icons into the package (as the wheel's
    build does), so a source checkout reads them where an installed cpdesk does."""
    return run([str(PY), str(ROOT / "resources" / "build.py")])


def untranslated(ts: Path) -> list[str]:
    """'Context: source' of each message of a .ts file that has no finished translation."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else list(translation.iter("numerusform"))
            texts = [f.text for f in forms] if forms else [
                None if translation is None else translation.text]
            if translation is None or translation.get("type") or not all(texts):
                out.append(f"{name}: {message.findtext('source')!r}")
    return out


def translations() -> int:
    """lupdate every .py of the package into the .ts files (new texts come in unfinished,
    texts gone from the code are dropped), report what is left to translate, compile."""
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "cpdesk").rglob("*.py"))
    for lang in LANGUAGES:
        # no source locations: line numbers would change the .ts on every edit of the code
        # and make merges of parallel work conflict
        rc = run([str(BIN / "pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                  *sources, "-ts", str(I18N / f"cpdesk_{lang}.ts")])
        if rc:
            return rc
    todo = {lang: untranslated(I18N / f"cpdesk_{lang}.ts") for lang in LANGUAGES}
    for lang, missing in todo.items():
        for entry in missing:
            print(f"dev.py: untranslated in cpdesk_{lang}.ts: {entry}")
    if rc := resources():
        return rc
    if any(todo.values()):
        print("dev.py: translate these in Qt Linguist (pyside6-linguist resources/i18n/"
              "cpdesk_fr.ts) or in the .ts file, then run this again", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "bundle", "cpdesk", "translations",
                                   "resources"}:
        print(__doc__)
        return 2
    ensure_env()
    task, rest = argv[0], argv[1:]
    if task == "translations":
        return translations()
    if rc := resources():
        return rc
    if task == "resources":
        return 0
    if task == "test":
        return test(rest)
    if task == "bundle":
        return run([str(PY), "-m", "deploy.build", *rest])
    if task == "demo":
        return run_forwarding_signals([str(BIN / "cpdesk"), "demo", *rest])
    return run([str(BIN / "cpdesk"), *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
