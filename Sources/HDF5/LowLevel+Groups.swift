import CHDF5

/// libhdf5's H5G interface (groups).
enum H5G {
    static let close: OwnedID.Closer = H5Gclose

    /// `H5Gcreate2` of `name` below `location`.
    static func create(_ location: hid_t, _ name: String, lcpl: hid_t, gcpl: hid_t) throws(HDF5Error) -> hid_t {
        try checkedID("H5Gcreate2", H5Gcreate2(location, name, lcpl, gcpl, chdf5_default()))
    }

    /// `H5Gget_info`: the number of links in the group.
    static func linkCount(_ group: hid_t) throws(HDF5Error) -> Int {
        var info = H5G_info_t()
        try checkedStatus("H5Gget_info", H5Gget_info(group, &info))
        return Int(info.nlinks)
    }
}

/// libhdf5's H5L interface (links: the names of a group's members).
enum H5L {
    /// `H5Lexists` for one name (which must not contain a missing intermediate group).
    static func exists(_ group: hid_t, _ name: String) throws(HDF5Error) -> Bool {
        try checkedTruth("H5Lexists", H5Lexists(group, name, chdf5_default()))
    }

    /// `H5Lget_name_by_idx`: the name of the link at `index` in name order.
    static func name(_ group: hid_t, at index: Int) throws(HDF5Error) -> String {
        try readString("H5Lget_name_by_idx") { buffer, size in
            H5Lget_name_by_idx(
                group, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), buffer, size,
                chdf5_default())
        }
    }
}

/// libhdf5's H5O interface (objects of any kind).
enum H5O {
    /// `H5Oopen`: opens a group, dataset or committed datatype by name.
    static func open(_ location: hid_t, _ name: String) throws(HDF5Error) -> hid_t {
        try checkedID("H5Oopen", H5Oopen(location, name, chdf5_default()))
    }

    /// `H5Oclose`.
    static let close: OwnedID.Closer = H5Oclose
}
