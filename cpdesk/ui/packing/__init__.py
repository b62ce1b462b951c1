"""The packing station: one order, its lines ticked by scan and weighed, its crates."""
