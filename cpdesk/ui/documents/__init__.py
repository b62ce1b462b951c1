"""Printing documents from the screens: the PDF preview (`printing.py`) and the board's print
menu (`board_menu.py`)."""
