"""The order board: rounds, orders and their progress, with the dashboard strip."""
