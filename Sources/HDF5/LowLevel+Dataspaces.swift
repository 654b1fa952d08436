import CHDF5

/// libhdf5's H5S interface (dataspaces: the shape of a dataset or attribute, and selections in it).
enum H5S {
    /// `H5Screate_simple` for `shape` (rank >= 1), or `H5Screate(H5S_SCALAR)` for the empty shape.
    static func create(shape: [Int]) throws(HDF5Error) -> OwnedID {
        if shape.isEmpty {
            return OwnedID(try checkedID("H5Screate", H5Screate(H5S_SCALAR)), closer: H5Sclose)
        }
        let dims = shape.map { hsize_t($0) }
        return OwnedID(
            try checkedID("H5Screate_simple", H5Screate_simple(Int32(dims.count), dims, nil)),
            closer: H5Sclose)
    }

    /// `H5Sget_simple_extent_type`: simple, scalar or null.
    static func kind(_ space: hid_t) -> H5S_class_t { H5Sget_simple_extent_type(space) }

    /// `H5Sget_simple_extent_ndims` and `H5Sget_simple_extent_dims`: the current shape (empty for a scalar).
    static func shape(_ space: hid_t) throws(HDF5Error) -> [Int] {
        let rank = try checkedCount("H5Sget_simple_extent_ndims", H5Sget_simple_extent_ndims(space))
        guard rank > 0 else { return [] }
        var dims = [hsize_t](repeating: 0, count: rank)
        _ = try checkedCount("H5Sget_simple_extent_dims", H5Sget_simple_extent_dims(space, &dims, nil))
        return dims.map { Int($0) }
    }

    /// `H5Sselect_hyperslab(H5S_SELECT_SET)`: selects the block `start ..< start + count` (unit stride).
    static func selectBlock(_ space: hid_t, start: [Int], count: [Int]) throws(HDF5Error) {
        let start = start.map { hsize_t($0) }
        let count = count.map { hsize_t($0) }
        try checkedStatus("H5Sselect_hyperslab", H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nil, count, nil))
    }
}
