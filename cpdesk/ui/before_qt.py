"""The desk's modules that do not use Qt, imported before PySide6 (`cpdesk demo`, `cpdesk run`).

PySide6 looks at every module imported after it: its `__feature__` import hook reads the
module's whole source (`inspect.getsource`) to see whether it names PySide6, about 0.3-0.5 ms
a module, i.e. 50-90 ms of CPU for the ~170 modules the desk imports to its first frame,
most of which (the domain, the store's plain read, the device drivers and the standard library
under them) never use Qt. (Babel is not among them: the first frame needs none of it,
see `cpdesk.formats`.) Imported first, they are not looked at.
`tests/cli/test_lazy_imports.py` checks that this imports no Qt, and nothing the first board
frame would not import anyway.
"""

from __future__ import annotations

import cpdesk.formats  # noqa: F401
import cpdesk.hardware.barcodes  # noqa: F401
import cpdesk.hardware.print_queue  # noqa: F401
import cpdesk.hardware.printer_kinds  # noqa: F401
import cpdesk.hardware.scales  # noqa: F401
import cpdesk.hardware.transport  # noqa: F401
import cpdesk.logs  # noqa: F401
import cpdesk.packing.board_data  # noqa: F401
import cpdesk.station  # noqa: F401
import cpdesk.store.board_read  # noqa: F401
import cpdesk.ui.context  # noqa: F401
