"""Packing at a depot: the Qt-free service the packing screen calls."""
