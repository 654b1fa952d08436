import CHDF5

/// libhdf5's H5P interface (property lists).
enum H5P {
    /// `H5Pcreate` of a list of class `listClass` (e.g. `chdf5_dataset_create()`).
    static func create(_ listClass: hid_t) throws(HDF5Error) -> OwnedID {
        OwnedID(try checkedID("H5Pcreate", H5Pcreate(listClass)), closer: H5Pclose)
    }

    /// `H5Pset_obj_track_times(false)`: no access/modification/change/birth times in object headers, so that the
    /// same writes produce the same bytes.
    static func disableTimeTracking(_ list: hid_t) throws(HDF5Error) {
        try checkedStatus("H5Pset_obj_track_times", H5Pset_obj_track_times(list, false))
    }

    /// `H5Pset_userblock`: the first `size` bytes of the file are left to the application (a power of 2, >= 512).
    static func setUserBlock(_ fileCreation: hid_t, size: Int) throws(HDF5Error) {
        try checkedStatus("H5Pset_userblock", H5Pset_userblock(fileCreation, hsize_t(size)))
    }

    /// `H5Pset_fclose_degree(H5F_CLOSE_STRONG)`: closing the file closes every object opened from it.
    static func closeStrongly(_ fileAccess: hid_t) throws(HDF5Error) {
        try checkedStatus("H5Pset_fclose_degree", H5Pset_fclose_degree(fileAccess, H5F_CLOSE_STRONG))
    }

    /// `H5Pset_char_encoding(UTF-8)` on a link creation list: link names are stored as UTF-8 (as h5py does).
    static func useUTF8LinkNames(_ list: hid_t) throws(HDF5Error) {
        try checkedStatus("H5Pset_char_encoding", H5Pset_char_encoding(list, H5T_CSET_UTF8))
    }

    /// `H5Pset_char_encoding(UTF-8)` on an attribute creation list.
    static func useUTF8Names(_ list: hid_t) throws(HDF5Error) {
        try checkedStatus("H5Pset_char_encoding", H5Pset_char_encoding(list, H5T_CSET_UTF8))
    }

    /// `H5Pset_chunk`.
    static func setChunk(_ list: hid_t, _ shape: [Int]) throws(HDF5Error) {
        let dims = shape.map { hsize_t($0) }
        try checkedStatus("H5Pset_chunk", H5Pset_chunk(list, Int32(dims.count), dims))
    }

    /// `H5Pset_shuffle`: the byte-shuffle filter, appended to the filter pipeline.
    static func addShuffle(_ list: hid_t) throws(HDF5Error) {
        try checkedStatus("H5Pset_shuffle", H5Pset_shuffle(list))
    }

    /// `H5Pset_deflate`: the zlib filter at `level` (0...9), appended to the filter pipeline.
    static func addDeflate(_ list: hid_t, level: Int) throws(HDF5Error) {
        try checkedStatus("H5Pset_deflate", H5Pset_deflate(list, UInt32(level)))
    }

    /// `H5Pget_layout` and `H5Pget_chunk`: the chunk shape, or nil for a contiguous or compact dataset.
    static func chunkShape(_ list: hid_t, rank: Int) throws(HDF5Error) -> [Int]? {
        guard H5Pget_layout(list) == H5D_CHUNKED else { return nil }
        var dims = [hsize_t](repeating: 0, count: max(rank, 1))
        _ = try checkedCount("H5Pget_chunk", H5Pget_chunk(list, Int32(dims.count), &dims))
        return dims.prefix(rank).map { Int($0) }
    }

    /// `H5Pget_nfilters` and `H5Pget_filter2`: the filter pipeline, in the order filters run on write.
    static func filters(_ list: hid_t) throws(HDF5Error) -> [HDF5Filter] {
        let count = try checkedCount("H5Pget_nfilters", H5Pget_nfilters(list))
        var filters: [HDF5Filter] = []
        for index in 0..<count {
            var flags: UInt32 = 0
            var valueCount = 8
            var values = [UInt32](repeating: 0, count: valueCount)
            var name = [CChar](repeating: 0, count: 64)
            var config: UInt32 = 0
            let filter = H5Pget_filter2(list, UInt32(index), &flags, &valueCount, &values, name.count, &name, &config)
            guard filter >= 0 else { throw libraryError("H5Pget_filter2") }
            switch filter {
            case H5Z_FILTER_SHUFFLE:
                filters.append(.shuffle)
            case H5Z_FILTER_DEFLATE:
                filters.append(.deflate(level: Int(values[0])))
            default:
                let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                filters.append(.other(id: Int(filter), name: text))
            }
        }
        return filters
    }
}
