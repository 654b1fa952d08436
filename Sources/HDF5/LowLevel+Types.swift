import CHDF5

/// libhdf5's H5T interface (datatypes).
enum H5T {
    /// The memory (native) type for elements of `type`. Library-owned: never close it.
    static func nativeType(_ type: HDF5ElementType) -> hid_t {
        switch type {
        case .int8: chdf5_native_int8()
        case .int16: chdf5_native_int16()
        case .int32: chdf5_native_int32()
        case .int64: chdf5_native_int64()
        case .uint8: chdf5_native_uint8()
        case .uint16: chdf5_native_uint16()
        case .uint32: chdf5_native_uint32()
        case .uint64: chdf5_native_uint64()
        case .float32: chdf5_native_float()
        case .float64: chdf5_native_double()
        case .other: preconditionFailure("no native type for \(type)")
        }
    }

    /// The portable little-endian file type for elements of `type` (what h5py writes). Library-owned.
    static func fileType(_ type: HDF5ElementType) -> hid_t {
        switch type {
        case .int8: chdf5_std_i8le()
        case .int16: chdf5_std_i16le()
        case .int32: chdf5_std_i32le()
        case .int64: chdf5_std_i64le()
        case .uint8: chdf5_std_u8le()
        case .uint16: chdf5_std_u16le()
        case .uint32: chdf5_std_u32le()
        case .uint64: chdf5_std_u64le()
        case .float32: chdf5_ieee_f32le()
        case .float64: chdf5_ieee_f64le()
        case .other: preconditionFailure("no file type for \(type)")
        }
    }

    /// Classifies a stored datatype as one of the numeric element types (`H5Tget_class`, `H5Tget_size`,
    /// `H5Tget_sign`), or `.other` with a short description. Byte order is not part of the answer: libhdf5
    /// converts big-endian data to native order on read.
    static func elementType(_ type: hid_t) -> HDF5ElementType {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_INTEGER:
            let signed = H5Tget_sign(type) == H5T_SGN_2
            switch (size, signed) {
            case (1, true): return .int8
            case (2, true): return .int16
            case (4, true): return .int32
            case (8, true): return .int64
            case (1, false): return .uint8
            case (2, false): return .uint16
            case (4, false): return .uint32
            case (8, false): return .uint64
            default: return .other("\(size)-byte integer")
            }
        case H5T_FLOAT:
            switch size {
            case 4: return .float32
            case 8: return .float64
            default: return .other("\(size)-byte float")
            }
        case H5T_STRING:
            return .other(H5Tis_variable_str(type) > 0 ? "variable-length string" : "\(size)-byte string")
        case H5T_COMPOUND: return .other("compound")
        case H5T_ENUM: return .other("enum")
        case H5T_ARRAY: return .other("array")
        case H5T_VLEN: return .other("variable-length sequence")
        case H5T_REFERENCE: return .other("reference")
        case H5T_OPAQUE: return .other("opaque")
        case H5T_BITFIELD: return .other("bitfield")
        default: return .other("unknown type")
        }
    }

    /// A new variable-length, UTF-8, NUL-terminated string type (h5py reads these as `str`).
    static func variableUTF8String() throws(HDF5Error) -> OwnedID {
        let type = OwnedID(try checkedID("H5Tcopy", H5Tcopy(chdf5_c_string())), closer: H5Tclose)
        try checkedStatus("H5Tset_size", H5Tset_size(type.raw, chdf5_variable_size()))
        try checkedStatus("H5Tset_cset", H5Tset_cset(type.raw, H5T_CSET_UTF8))
        try checkedStatus("H5Tset_strpad", H5Tset_strpad(type.raw, H5T_STR_NULLTERM))
        return type
    }

    /// A new fixed-length string type of `size` bytes with the character set and padding of `stored`.
    static func fixedString(size: Int, like stored: hid_t) throws(HDF5Error) -> OwnedID {
        let type = OwnedID(try checkedID("H5Tcopy", H5Tcopy(chdf5_c_string())), closer: H5Tclose)
        try checkedStatus("H5Tset_size", H5Tset_size(type.raw, size))
        try checkedStatus("H5Tset_cset", H5Tset_cset(type.raw, H5Tget_cset(stored)))
        try checkedStatus("H5Tset_strpad", H5Tset_strpad(type.raw, H5Tget_strpad(stored)))
        return type
    }

    /// `H5Tget_class`.
    static func typeClass(_ type: hid_t) -> H5T_class_t { H5Tget_class(type) }

    /// `H5Tis_variable_str`.
    static func isVariableString(_ type: hid_t) throws(HDF5Error) -> Bool {
        try checkedTruth("H5Tis_variable_str", H5Tis_variable_str(type))
    }

    /// `H5Tget_size`, in bytes.
    static func size(_ type: hid_t) -> Int { H5Tget_size(type) }

    /// `H5Tget_sign`: whether an integer type is signed.
    static func isSigned(_ type: hid_t) -> Bool { H5Tget_sign(type) == H5T_SGN_2 }
}
