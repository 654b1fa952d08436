// hgnbench: the benchmark command-line tool (to be written).
print("hgnbench: not yet implemented")
