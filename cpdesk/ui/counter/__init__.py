"""The counter (point of sale): cart, payment, order pick-ups, the register's day."""
