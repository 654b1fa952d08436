// The `Physics` module. See ../shared/design.md ("Modules") for what it holds.
