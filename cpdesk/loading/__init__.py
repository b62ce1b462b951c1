"""Loading the shared vans and moving crates between depots. Qt-free."""
