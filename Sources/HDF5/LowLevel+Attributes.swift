import CHDF5

/// libhdf5's H5A interface (attributes).
enum H5A {
    /// `H5Aexists`.
    static func exists(_ object: hid_t, _ name: String) throws(HDF5Error) -> Bool {
        try checkedTruth("H5Aexists", H5Aexists(object, name))
    }

    /// `H5Adelete`.
    static func delete(_ object: hid_t, _ name: String) throws(HDF5Error) {
        try checkedStatus("H5Adelete", H5Adelete(object, name))
    }

    /// `H5Acreate2`.
    static func create(
        _ object: hid_t, _ name: String, type: hid_t, space: hid_t,
        acpl: hid_t
    ) throws(HDF5Error) -> OwnedID {
        OwnedID(
            try checkedID("H5Acreate2", H5Acreate2(object, name, type, space, acpl, chdf5_default())),
            closer: H5Aclose)
    }

    /// `H5Aopen`.
    static func open(_ object: hid_t, _ name: String) throws(HDF5Error) -> OwnedID {
        OwnedID(try checkedID("H5Aopen", H5Aopen(object, name, chdf5_default())), closer: H5Aclose)
    }

    /// `H5Awrite` of a whole attribute.
    static func write(_ attribute: hid_t, memoryType: hid_t, _ buffer: UnsafeRawPointer) throws(HDF5Error) {
        try checkedStatus("H5Awrite", H5Awrite(attribute, memoryType, buffer))
    }

    /// `H5Aread` of a whole attribute.
    static func read(_ attribute: hid_t, memoryType: hid_t, _ buffer: UnsafeMutableRawPointer) throws(HDF5Error) {
        try checkedStatus("H5Aread", H5Aread(attribute, memoryType, buffer))
    }

    /// `H5Aget_type`: a copy of the stored datatype.
    static func type(_ attribute: hid_t) throws(HDF5Error) -> OwnedID {
        OwnedID(try checkedID("H5Aget_type", H5Aget_type(attribute)), closer: H5Tclose)
    }

    /// `H5Aget_space`: a copy of the attribute's dataspace.
    static func space(_ attribute: hid_t) throws(HDF5Error) -> OwnedID {
        OwnedID(try checkedID("H5Aget_space", H5Aget_space(attribute)), closer: H5Sclose)
    }

    /// `H5Aiterate2` in name order: the names of every attribute of `object`.
    static func names(_ object: hid_t) throws(HDF5Error) -> [String] {
        final class Names { var values: [String] = [] }
        let names = Names()
        let visit: H5A_operator2_t = { _, name, _, context in
            guard let name, let context else { return 0 }
            Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().values.append(String(cString: name))
            return 0
        }
        var index: hsize_t = 0
        let status = withExtendedLifetime(names) {
            H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, visit, Unmanaged.passUnretained(names).toOpaque())
        }
        try checkedStatus("H5Aiterate2", status)
        return names.values
    }

    /// `H5Dvlen_reclaim`: frees the strings libhdf5 allocated while reading variable-length strings.
    static func reclaimVariableLength(type: hid_t, space: hid_t, _ buffer: UnsafeMutableRawPointer) {
        _ = H5Dvlen_reclaim(type, space, chdf5_default(), buffer)
    }
}
