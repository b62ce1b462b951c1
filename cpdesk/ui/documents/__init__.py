"""Printing documents from the screens: the PDF preview and the board's print menu."""
