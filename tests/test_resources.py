"""resources/ is the one source of the non-code files: the build compiles and copies them into
the package, and an installed wheel carries them where `cpdesk.resources` looks."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from cpdesk import resources

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_KINDS = {".ts", ".qm", ".wav", ".svg", ".png", ".ico", ".desktop"}


def load_builder():
    builder = ROOT / "resources" / "build.py"
    spec = importlib.util.spec_from_file_location("resources_build", builder)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_package_holds_no_committed_copy_of_resources():
    """Outside the generated `cpdesk/_resources/`, no translation, sound or icon sits in the
    package: their one copy is resources/."""
    strays = [p for p in (ROOT / "cpdesk").rglob("*")
              if p.suffix in SHIPPED_KINDS and resources.BUILT not in p.parts]
    assert strays == []
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/cpdesk/_resources/" in ignored


def test_the_locator_finds_every_kind_in_a_checkout():
    for lang in ("fr", "nl", "de"):
        assert resources.translation(lang).stat().st_size > 10_000
    assert resources.sound("accepted").is_file() and resources.sound("refused").is_file()
    assert resources.icon("printer").read_text().startswith("<svg")
    sizes = [p.name for p in resources.app_icons()]
    assert sizes[0] == "cpdesk.svg"
    assert {f"cpdesk-{n}.png" for n in (16, 32, 48, 64, 128, 256)} <= set(sizes)
    assert "Icon=cpdesk" in resources.desktop_file().read_text()


def test_a_build_redoes_only_what_changed_and_drops_what_went(tmp_path):
    builder = load_builder()
    source = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", source, ignore=shutil.ignore_patterns("__pycache__"))
    dest = tmp_path / "built"
    first = builder.build(dest, source=source)
    assert dest / "i18n" / "cpdesk_fr.qm" in first and dest / "icons" / "printer.svg" in first
    assert builder.build(dest, source=source) == []
    ts = source / "i18n" / "cpdesk_nl.ts"
    later = (dest / "i18n" / "cpdesk_nl.qm").stat().st_mtime + 10
    os.utime(ts, (later, later))
    (source / "icons" / "printer.svg").unlink()
    assert builder.build(dest, source=source) == [dest / "i18n" / "cpdesk_nl.qm"]
    assert not (dest / "icons" / "printer.svg").exists()


def test_the_installed_wheel_carries_translations_sounds_and_icons(tmp_path):
    """Build the wheel from a copy of the sources that has never been built (as CI's clone),
    install it apart and ask its own `cpdesk.resources` for each kind of file."""
    tree = tmp_path / "src"
    skip = shutil.ignore_patterns("__pycache__", "_resources", "*.egg-info", "build")
    for name in ("cpdesk", "resources"):
        shutil.copytree(ROOT / name, tree / name, ignore=skip)
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(tree)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("cpdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("fr", "nl", "de"):
        assert f"cpdesk/_resources/i18n/cpdesk_{lang}.qm" in names
    assert {"cpdesk/_resources/sounds/accepted.wav", "cpdesk/_resources/icons/printer.svg",
            "cpdesk/_resources/app/cpdesk.ico", "cpdesk/_resources/app/cpdesk-256.png",
            "cpdesk/_resources/app/cpdesk.desktop"} <= names
    assert not any(n.endswith(".ts") for n in names)  # sources stay out of the wheel

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(site), str(wheel)], check=True, capture_output=True, timeout=300)
    probe = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QCoreApplication, QTranslator
        from cpdesk import resources
        app = QCoreApplication([])
        print(resources.root())
        translator = QTranslator()
        assert translator.load(str(resources.translation("nl")))
        print(translator.translate("MainWindow", "Sync now"))
        print(resources.sound("refused").stat().st_size, resources.icon("scale-outline").name)
    """)
    env = {**os.environ, "PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                         check=True, capture_output=True, text=True, timeout=120).stdout
    where, sync_now, sound_and_icon = out.splitlines()
    assert Path(where) == site / "cpdesk" / "_resources"
    assert sync_now == "Nu synchroniseren"
    size, icon = sound_and_icon.split()
    assert int(size) > 1000 and icon == "scale-outline.svg"


def test_a_checkout_builds_its_copy_again_only_when_something_changed(tmp_path):
    """`cpdesk.resources` in a source checkout: the first use builds the copy; later starts
    only look at the times of resources/ and the copy (no build while nothing changed); a
    changed translation, a removed icon or a file gone from the copy bring the build back."""
    source = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", source, ignore=shutil.ignore_patterns("__pycache__"))
    package = tmp_path / "cpdesk"
    package.mkdir()
    builder = source / "build.py"
    built = package / resources.BUILT
    resources.bring_up_to_date(package, builder)
    qm = built / "i18n" / "cpdesk_nl.qm"
    assert qm.is_file() and (built / "icons" / "printer.svg").is_file()

    def stamp() -> int:
        return (built / resources.STAMP).stat().st_mtime_ns

    def later_than_the_stamp(path: Path) -> None:
        when = stamp() / 1e9 + 10
        os.utime(path, (when, when))

    first = stamp()
    resources.bring_up_to_date(package, builder)
    assert stamp() == first  # nothing changed: no build
    later_than_the_stamp(source / "i18n" / "cpdesk_nl.ts")
    compiled = qm.stat().st_mtime_ns
    resources.bring_up_to_date(package, builder)
    assert qm.stat().st_mtime_ns > compiled and stamp() > first
    (source / "icons" / "printer.svg").unlink()
    later_than_the_stamp(source / "icons")
    resources.bring_up_to_date(package, builder)
    assert not (built / "icons" / "printer.svg").exists()
    qm.unlink()
    later_than_the_stamp(built / "i18n")
    resources.bring_up_to_date(package, builder)
    assert qm.is_file()
