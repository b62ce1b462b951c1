"""The counter: point of sale and order pick-up at the depot."""
