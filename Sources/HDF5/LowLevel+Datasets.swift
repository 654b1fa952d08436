import CHDF5

/// libhdf5's H5D interface (datasets).
enum H5D {
    static let close: OwnedID.Closer = H5Dclose

    /// `H5Dcreate2`.
    static func create(
        _ location: hid_t, _ name: String, fileType: hid_t, space: hid_t,
        lcpl: hid_t, dcpl: hid_t
    ) throws(HDF5Error) -> hid_t {
        try checkedID("H5Dcreate2", H5Dcreate2(location, name, fileType, space, lcpl, dcpl, chdf5_default()))
    }

    /// `H5Dget_space`: a copy of the dataset's dataspace.
    static func space(_ dataset: hid_t) throws(HDF5Error) -> OwnedID {
        OwnedID(try checkedID("H5Dget_space", H5Dget_space(dataset)), closer: H5Sclose)
    }

    /// `H5Dget_type`: a copy of the dataset's stored datatype.
    static func type(_ dataset: hid_t) throws(HDF5Error) -> OwnedID {
        OwnedID(try checkedID("H5Dget_type", H5Dget_type(dataset)), closer: H5Tclose)
    }

    /// `H5Dget_create_plist`: a copy of the dataset creation property list (layout, chunking, filters).
    static func creationProperties(_ dataset: hid_t) throws(HDF5Error) -> OwnedID {
        OwnedID(try checkedID("H5Dget_create_plist", H5Dget_create_plist(dataset)), closer: H5Pclose)
    }

    /// `H5Dwrite` of `buffer` (elements of `memoryType`, laid out as `memorySpace`) into `fileSpace`'s selection.
    static func write(
        _ dataset: hid_t, memoryType: hid_t, memorySpace: hid_t, fileSpace: hid_t,
        _ buffer: UnsafeRawPointer
    ) throws(HDF5Error) {
        try checkedStatus(
            "H5Dwrite",
            H5Dwrite(dataset, memoryType, memorySpace, fileSpace, chdf5_default(), buffer))
    }

    /// `H5Dread` of `fileSpace`'s selection into `buffer` (laid out as `memorySpace`).
    static func read(
        _ dataset: hid_t, memoryType: hid_t, memorySpace: hid_t, fileSpace: hid_t,
        _ buffer: UnsafeMutableRawPointer
    ) throws(HDF5Error) {
        try checkedStatus("H5Dread", H5Dread(dataset, memoryType, memorySpace, fileSpace, chdf5_default(), buffer))
    }

    /// `H5Dwrite_chunk`: stores already-filtered bytes as the chunk starting at element `offsets`, bypassing the
    /// filter pipeline. Bit i of `filterMask` set means filter i was NOT applied to these bytes.
    static func writeChunk(
        _ dataset: hid_t, offsets: [Int], filterMask: UInt32,
        _ bytes: UnsafeRawBufferPointer
    ) throws(HDF5Error) {
        let offsets = offsets.map { hsize_t($0) }
        try checkedStatus(
            "H5Dwrite_chunk",
            H5Dwrite_chunk(
                dataset, chdf5_default(), filterMask, offsets, bytes.count,
                bytes.baseAddress))
    }
}
