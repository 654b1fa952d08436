// The `IntegratorComparison` module: the study behind `hgnbench integrators`.
