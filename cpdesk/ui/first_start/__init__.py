"""The first-start assistant: connect this computer to the centre and pull its first sync."""
