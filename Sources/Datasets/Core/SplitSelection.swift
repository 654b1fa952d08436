/// The splits named in `selected`, in the spec's order; `nil` keeps them all; an unknown name is an error listing the
/// known ones.
///
/// Both generators narrow their spec with it for `--split`: the dataset made is then a dataset of those splits only
/// (its `spec.json`, manifest and shards name only them), complete when their shards exist. A manifest never lists
/// fewer splits than its spec.
func selectSplits<Split>(
    _ splits: [Split], named selected: [String]?, name: (Split) -> String
) throws(DatasetError) -> [Split] {
    guard let selected else { return splits }
    for wanted in selected where !splits.contains(where: { name($0) == wanted }) {
        throw .unknownSplit(wanted, known: splits.map(name))
    }
    return splits.filter { selected.contains(name($0)) }
}
