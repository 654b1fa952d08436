// physgen: the dataset command-line tool (to be written).
print("physgen: not yet implemented")
