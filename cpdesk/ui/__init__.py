"""The desk's Qt user interface: the shell (main window, composition root, shared widgets)
here, one folder per screen below it.

Importing it first protects the interpreter from a Qt binding that loses references to
None, True and False (`refcount_guard`): every module that uses Qt lives under this package.
"""

from .refcount_guard import keep_singletons_alive

keep_singletons_alive()
