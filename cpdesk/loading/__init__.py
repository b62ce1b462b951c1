"""Loading the shared vans and moving crates between depots (issue 8). Qt-free."""
