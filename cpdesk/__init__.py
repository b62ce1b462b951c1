"""cpdesk: the depot desk of the Circuits Paysans food network."""

__version__ = "0.1.0"
