import CHDF5

/// libhdf5's H5F interface (files).
enum H5F {
    static let close: OwnedID.Closer = H5Fclose

    /// `H5Fcreate`: creates a file, truncating an existing one unless `exclusive`.
    static func create(_ path: String, exclusive: Bool, fcpl: hid_t, fapl: hid_t) throws(HDF5Error) -> hid_t {
        let flags = exclusive ? chdf5_acc_excl() : chdf5_acc_trunc()
        return try checkedID("H5Fcreate", H5Fcreate(path, flags, fcpl, fapl))
    }

    /// `H5Fopen`: opens an existing file read-only or read-write.
    static func open(_ path: String, writable: Bool, fapl: hid_t) throws(HDF5Error) -> hid_t {
        let flags = writable ? chdf5_acc_rdwr() : chdf5_acc_rdonly()
        return try checkedID("H5Fopen", H5Fopen(path, flags, fapl))
    }

    /// `H5Fflush` of the whole file.
    static func flush(_ file: hid_t) throws(HDF5Error) {
        try checkedStatus("H5Fflush", H5Fflush(file, H5F_SCOPE_GLOBAL))
    }
}

/// libhdf5's H5I interface (identifiers).
enum H5I {
    /// `H5Iget_type`: what kind of object an identifier refers to.
    static func type(_ id: hid_t) -> H5I_type_t { H5Iget_type(id) }

    /// `H5Iget_name`: the absolute path through which the object was opened.
    static func name(_ id: hid_t) throws(HDF5Error) -> String {
        try readString("H5Iget_name") { buffer, size in H5Iget_name(id, buffer, size) }
    }
}

/// Reads a string through the two-call convention of libhdf5 (first call for the length, second to fill a buffer).
func readString(
    _ operation: StaticString,
    _ call: (UnsafeMutablePointer<CChar>?, Int) -> Int
) throws(HDF5Error) -> String {
    let length = try checkedCount(operation, call(nil, 0))
    var buffer = [CChar](repeating: 0, count: length + 1)
    _ = try checkedCount(operation, buffer.withUnsafeMutableBufferPointer { call($0.baseAddress, $0.count) })
    return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
