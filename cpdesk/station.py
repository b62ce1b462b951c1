"""The station file: which devices this workstation has (not the depot: the bench).

A TOML file in the platform's configuration folder (`platformdirs.user_config_dir`), or the
path given by `--station FILE` / the `CPDESK_STATION` environment variable. One section
per device; a missing file, or a missing section, means no such device (never an error):

    [scale]
    port = "/dev/ttyUSB0"          # or COM3, socket://host:port
    protocol = "mt-sics"           # mt-sics | toledo-8217 | toledo-continuous | cas | regex
    baudrate = 9600                # line settings; the protocol's usual ones when left out
    bytesize = 8
    parity = "N"
    stopbits = 1
    legal_for_trade = true         # only stable readings are booked

    [[scanners]]
    kind = "wedge"                 # a keyboard-emulating scanner
    layout = "auto"                # auto | native | us-on-azerty

    [[scanners]]
    kind = "serial"                # a serial / USB CDC scanner
    port = "/dev/ttyACM0"

    [receipt_printer]
    url = "tcp://192.168.1.60:9100"
    width = 80                     # 80 | 58 mm
    code_page = "cp858"
    cash_drawer = true

    [label_printer]
    url = "tcp://192.168.1.61:9100"
    language = "zpl"
    dpi = 203
    size = "100x150"               # mm

    [a4_printer]
    cups_queue = "office"          # a CUPS queue ...
    folder = ""                    # ... or a folder the PDFs are written into

No Qt in here: the command line (`cpdesk station show|set|test`) and the window share it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from cpdesk.errors import CpdeskError
from cpdesk.hardware.printer_kinds import KINDS, PrinterConfig, PrinterKind
from cpdesk.hardware.scales import ProtocolSpec, get_protocol
from cpdesk.hardware.transport import LineSettings

FILE_NAME = "station.toml"
SCALE_PROTOCOLS = ("mt-sics", "toledo-8217", "toledo-continuous", "cas", "regex")
WEDGE_LAYOUTS = ("auto", "native", "us-on-azerty")


@dataclass
class ScaleSettings:
    port: str = ""
    protocol: str = "mt-sics"
    baudrate: int = 0  # 0: the protocol's usual line settings
    bytesize: int = 0
    parity: str = ""
    stopbits: int = 0
    legal_for_trade: bool = True
    request: str = ""  # regex protocol only
    pattern: str = ""

    def check(self) -> None:
        if self.protocol not in SCALE_PROTOCOLS:
            raise CpdeskError(f"scale.protocol must be one of {', '.join(SCALE_PROTOCOLS)}, "
                              f"not {self.protocol!r}")
        if self.parity and self.parity not in ("N", "E", "O"):
            raise CpdeskError(f"scale.parity must be N, E or O, not {self.parity!r}")
        if self.bytesize and self.bytesize not in (7, 8):
            raise CpdeskError(f"scale.bytesize must be 7 or 8, not {self.bytesize}")
        if self.stopbits and self.stopbits not in (1, 2):
            raise CpdeskError(f"scale.stopbits must be 1 or 2, not {self.stopbits}")
        if self.protocol == "regex" and not self.pattern:
            raise CpdeskError("scale.pattern is needed by the regex protocol")

    def protocol_and_line(self) -> tuple[ProtocolSpec, LineSettings]:
        """The driver's protocol and the line settings: the protocol's usual ones, changed
        by whatever the file sets."""
        try:
            spec = get_protocol(self.protocol, request=self.request or None,
                                pattern=self.pattern or None)
            base = spec.line
            line = LineSettings(self.baudrate or base.baudrate, self.bytesize or base.bytesize,
                                self.parity or base.parity, self.stopbits or base.stopbits)
            return spec, line
        except ValueError as exc:
            raise CpdeskError(f"scale: {exc}") from exc


@dataclass
class ScannerSettings:
    kind: str = "wedge"  # wedge | serial
    layout: str = "auto"  # wedge only
    port: str = ""  # serial only
    baudrate: int = 9600

    def check(self) -> None:
        if self.kind not in ("wedge", "serial"):
            raise CpdeskError(f"a scanner's kind is wedge or serial, not {self.kind!r}")
        if self.layout not in WEDGE_LAYOUTS:
            raise CpdeskError(f"a wedge scanner's layout is one of {', '.join(WEDGE_LAYOUTS)}, "
                              f"not {self.layout!r}")
        if self.kind == "serial" and not self.port:
            raise CpdeskError("a serial scanner needs its port")


@dataclass
class ReceiptPrinterSettings:
    url: str = ""
    width: int = 80
    code_page: str = "cp858"
    cash_drawer: bool = False

    def check(self) -> None:
        if self.width not in (58, 80):
            raise CpdeskError(f"receipt_printer.width is 58 or 80 (mm), not {self.width}")


@dataclass
class LabelPrinterSettings:
    url: str = ""
    language: str = "zpl"
    dpi: int = 203
    size: str = "100x150"

    def check(self) -> None:
        languages = [k.name for k in KINDS.values() if k.section == "label_printer"]
        if self.language not in languages:
            raise CpdeskError(f"label_printer.language must be {' or '.join(languages)}, "
                              f"not {self.language!r}")
        if self.dpi not in (203, 300, 600):
            raise CpdeskError(f"label_printer.dpi is 203, 300 or 600, not {self.dpi}")
        w, _, h = self.size.partition("x")
        if not (w.isdigit() and h.isdigit()):
            raise CpdeskError(f"label_printer.size is WIDTHxHEIGHT in mm, not {self.size!r}")


@dataclass
class A4PrinterSettings:
    cups_queue: str = ""
    folder: str = ""

    def check(self) -> None:
        if self.cups_queue and self.folder:
            raise CpdeskError("a4_printer: give either cups_queue or folder, not both")

    @property
    def url(self) -> str:
        if self.cups_queue:
            return f"cups://{self.cups_queue}"
        if self.folder:
            return Path(self.folder).expanduser().absolute().as_uri()
        return ""


SECTIONS: dict[str, type] = {
    "scale": ScaleSettings,
    "receipt_printer": ReceiptPrinterSettings,
    "label_printer": LabelPrinterSettings,
    "a4_printer": A4PrinterSettings,
}


@dataclass
class StationConfig:
    """What one workstation has plugged in. `None` sections are devices it does not have."""

    scale: ScaleSettings | None = None
    scanners: list[ScannerSettings] = field(default_factory=list)
    receipt_printer: ReceiptPrinterSettings | None = None
    label_printer: LabelPrinterSettings | None = None
    a4_printer: A4PrinterSettings | None = None
    path: Path | None = None  # where it was read from (None: not from a file)

    def check(self) -> None:
        for section in (self.scale, self.receipt_printer, self.label_printer, self.a4_printer,
                        *self.scanners):
            if section is not None:
                section.check()
        for kind in KINDS.values():  # a printer's URL is one its kind can be reached at
            settings = getattr(self, kind.section)
            if settings is not None and settings.url:
                try:
                    kind.check_url(settings.url)
                except CpdeskError as exc:
                    raise CpdeskError(f"{kind.section}.url: {exc}") from None

    @property
    def legal_for_trade(self) -> bool:
        return self.scale is not None and self.scale.legal_for_trade

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in SECTIONS:
            section = getattr(self, name)
            if section is not None:
                out[name] = dataclasses.asdict(section)
        if self.scanners:
            out["scanners"] = [dataclasses.asdict(s) for s in self.scanners]
        return out

    def printers(self) -> dict[str, tuple[PrinterKind, PrinterConfig]]:
        """The printers this station has, by the print queue's name ("receipts", "labels",
        "documents"): each printer kind's station section, when it gives a URL."""
        out: dict[str, tuple[PrinterKind, PrinterConfig]] = {}
        for kind in KINDS.values():
            section = getattr(self, kind.section)
            if section is not None and section.url:
                out[kind.printer] = (kind, PrinterConfig(kind.printer, section.url, kind.name))
        return out

    def describe(self) -> list[str]:
        """One line per device, for `cpdesk station show` and the support bundle."""
        lines = []
        if self.scale:
            s = self.scale
            lines.append(f"scale: {s.protocol} on {s.port or '(no port)'}"
                         + (" (legal for trade)" if s.legal_for_trade else ""))
        for n, sc in enumerate(self.scanners):
            lines.append(f"scanner {n}: " + (f"keyboard wedge ({sc.layout})" if sc.kind == "wedge"
                                             else f"serial on {sc.port}"))
        if self.receipt_printer:
            r = self.receipt_printer
            lines.append(f"receipt printer: {r.url} ({r.width} mm, {r.code_page}"
                         + (", cash drawer)" if r.cash_drawer else ")"))
        if self.label_printer:
            lp = self.label_printer
            lines.append(f"label printer: {lp.url} ({lp.language}, {lp.dpi} dpi, {lp.size} mm)")
        if self.a4_printer:
            lines.append(f"A4 printer: {self.a4_printer.url}")
        return lines or ["no devices configured"]


def default_path() -> Path:
    """CPDESK_STATION, else station.toml in the platform's user configuration folder."""
    env = os.environ.get("CPDESK_STATION")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir("cpdesk", "Circuits Paysans")) / FILE_NAME


def resolve_path(value: str | os.PathLike[str] | None) -> Path:
    return Path(value) if value else default_path()


def _section(cls: type, name: str, data: Any) -> Any:
    if not isinstance(data, dict):
        raise CpdeskError(f"[{name}] must be a table")
    known = {f.name: f for f in dataclasses.fields(cls)}
    values = {}
    for key, value in data.items():
        if key not in known:
            raise CpdeskError(f"unknown setting {name}.{key} (known: {', '.join(known)})")
        values[key] = _coerce(f"{name}.{key}", known[key], value)
    return cls(**values)


def _coerce(key: str, f: dataclasses.Field[Any], value: Any) -> Any:
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", "")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "yes", "1", "false", "no", "0"):
            return value.lower() in ("true", "yes", "1")
        raise CpdeskError(f"{key} must be true or false, not {value!r}")
    if kind == "int":
        if isinstance(value, bool):
            raise CpdeskError(f"{key} must be a whole number, not {value!r}")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise CpdeskError(f"{key} must be a whole number, not {value!r}") from None
    if not isinstance(value, str | int | float):
        raise CpdeskError(f"{key} must be text, not {value!r}")
    return str(value)


def from_dict(data: dict[str, Any], path: Path | None = None) -> StationConfig:
    config = StationConfig(path=path)
    for key, value in data.items():
        if key in SECTIONS:
            setattr(config, key, _section(SECTIONS[key], key, value))
        elif key == "scanners":
            if not isinstance(value, list):
                raise CpdeskError("scanners must be a list of [[scanners]] tables")
            # A scanner given a port is a serial one unless it says otherwise.
            config.scanners = [_section(ScannerSettings, f"scanners.{n}",
                                        {"kind": "serial", **v} if isinstance(v, dict)
                                        and v.get("port") and "kind" not in v else v)
                               for n, v in enumerate(value)]
        else:
            known = ", ".join([*SECTIONS, "scanners"])
            raise CpdeskError(f"unknown section [{key}] (known: {known})")
    config.check()
    return config


def load(path: Path) -> StationConfig:
    """The station file at `path`; no file at all is a station without devices."""
    if not path.exists():
        return StationConfig(path=path)
    import tomllib  # only with a file (the demo and a station without devices have none)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CpdeskError(f"cannot read the station file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CpdeskError(f"the station file {path} is not valid TOML: {exc}") from exc
    try:
        return from_dict(data, path)
    except CpdeskError as exc:
        raise CpdeskError(f"station file {path}: {exc}") from exc


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text) + '"'


def _written(name: str, value: Any) -> bool:
    """Settings left at "the usual value" (0, "", false) are left out of the file."""
    if name == "legal_for_trade":
        return True
    return value not in ("", 0, False) or value is True


def dumps(config: StationConfig) -> str:
    out = ["# cpdesk station file: the devices of this workstation (see the README)."]
    data = config.to_dict()
    for name in SECTIONS:
        if name in data:
            out += ["", f"[{name}]"]
            out += [f"{k} = {_toml_value(v)}" for k, v in data[name].items() if _written(k, v)]
    for scanner in data.get("scanners", []):
        out += ["", "[[scanners]]"]
        out += [f"{k} = {_toml_value(v)}" for k, v in scanner.items() if _written(k, v)]
    return "\n".join(out) + "\n"


def save(config: StationConfig, path: Path) -> None:
    """Write atomically (a half-written station file would leave the bench without devices)."""
    config.check()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(dumps(config), encoding="utf-8")
    os.replace(tmp, path)
    config.path = path


def set_key(config: StationConfig, key: str, value: str) -> StationConfig:
    """`scale.port /dev/ttyUSB0`, `scanners.1.port /dev/ttyACM0` (index = count: a new one),
    `a4_printer.cups_queue office`; `SECTION none` removes a device."""
    data = config.to_dict()
    parts = key.split(".")
    if len(parts) == 1 and value.lower() in ("none", ""):
        if parts[0] not in [*SECTIONS, "scanners"]:
            raise CpdeskError(f"unknown section {parts[0]!r}")
        data.pop(parts[0], None)
    elif parts[0] == "scanners":
        if len(parts) == 2 and value.lower() in ("none", ""):
            index = _index(parts[1])
            scanners = data.get("scanners", [])
            if index >= len(scanners):
                raise CpdeskError(f"there is no scanner {index}")
            scanners.pop(index)
        elif len(parts) == 3:
            index = _index(parts[1])
            scanners = data.setdefault("scanners", [])
            if index > len(scanners):
                raise CpdeskError(f"the next new scanner is scanners.{len(scanners)}")
            if index == len(scanners):
                scanners.append({})
            scanners[index][parts[2]] = value
        else:
            raise CpdeskError("a scanner setting is scanners.N.NAME")
    elif len(parts) == 2 and parts[0] in SECTIONS:
        data.setdefault(parts[0], {})[parts[1]] = value
    else:
        raise CpdeskError(f"unknown setting {key!r} (SECTION.NAME, e.g. scale.port)")
    return from_dict(data, config.path)


def _index(text: str) -> int:
    if not text.isdigit():
        raise CpdeskError(f"a scanner number is 0, 1, ..., not {text!r}")
    return int(text)
