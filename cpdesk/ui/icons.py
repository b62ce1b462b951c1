"""Icons of the toolbar and the main actions, and the application's own icon.

The SVGs come from `resources/icons/` (Tabler Icons, MIT) through `cpdesk.resources`. They are
line drawings in `currentColor`: each is drawn here in the palette's text colour, so it stays
legible on a light or a dark desktop theme, at the sizes a touch screen needs (Qt greys the
disabled state itself).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from cpdesk import resources

SIZES_PX = (24, 32, 48, 64)  # a toolbar at 40 px on a 1.5x screen still gets a sharp 64


def _text_colour() -> str:
    if QGuiApplication.instance() is None:
        return "#1f2937"
    return QGuiApplication.palette().color(QPalette.ColorRole.ButtonText).name()


def icon(name: str, *, colour: str | None = None) -> QIcon:
    """The action icon `name` (a file of resources/icons/ without .svg: "printer"), drawn in
    the palette's text colour or in `colour` (white on a coloured button)."""
    return _icon(name, colour or _text_colour())


@cache
def _icon(name: str, colour: str) -> QIcon:
    svg = resources.icon(name).read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError(f"icon {name!r} is not a valid SVG")
    result = QIcon()
    for size in SIZES_PX:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


@cache
def app_icon() -> QIcon:
    """The application icon at every size shipped (window title bar, taskbar, Alt+Tab)."""
    result = QIcon()
    for path in resources.app_icons():
        if path.suffix == ".png":
            result.addFile(str(path))
    return result
