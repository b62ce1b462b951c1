"""The counter (issue 7): point of sale and order pick-up at the depot."""
