// The `Datasets` module. See ../shared/design.md ("Modules") for what it holds.
