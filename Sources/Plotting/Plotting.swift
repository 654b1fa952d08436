// The `Plotting` module: line charts (linear and log-log axes) rendered to SVG and PNG.
