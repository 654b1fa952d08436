// The `HDF5` module. See ../shared/design.md ("Modules") for what it holds.
