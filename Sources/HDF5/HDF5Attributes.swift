import CHDF5
import Foundation

/// The attributes of a file, group or dataset (h5py: `.attrs`): small named values describing it.
///
/// ```swift
/// try file.attributes.set("system", "pendulum")
/// try file.attributes.set("dt", 0.05)
/// let dt = try file.attributes.get("dt", as: Double.self)
/// ```
///
/// Strings are written as variable-length UTF-8 (h5py returns `str`); see ``HDF5AttributeValue`` for the kinds
/// of values. Setting an existing attribute replaces it.
public struct HDF5Attributes: Sendable {
    let owner: ObjectHandle

    init(owner: ObjectHandle) {
        self.owner = owner
    }

    /// The object these attributes belong to.
    public var location: HDF5Location { owner.location }

    /// The attribute names, sorted.
    public func names() throws(HDF5Error) -> [String] {
        try owner.withID { (id) throws(HDF5Error) -> [String] in try H5A.names(id) }
    }

    /// Whether an attribute called `name` exists.
    public func contains(_ name: String) throws(HDF5Error) -> Bool {
        try owner.withID { (id) throws(HDF5Error) -> Bool in try H5A.exists(id, name) }
    }

    /// Stores `value` as the attribute `name`, replacing any attribute of that name.
    public func set(_ name: String, _ value: some HDF5AttributeConvertible) throws(HDF5Error) {
        let value = value.hdf5AttributeValue
        try owner.withID { (id) throws(HDF5Error) in
            if try H5A.exists(id, name) { try H5A.delete(id, name) }
            let creation = try H5P.create(chdf5_attribute_create())
            try H5P.useUTF8Names(creation.raw)
            switch value {
            case .string(let string): try Self.writeStrings([string], shape: [], name, id, creation.raw)
            case .strings(let strings): try Self.writeStrings(strings, shape: [strings.count], name, id, creation.raw)
            case .int64(let number): try Self.writeNumbers([number], shape: [], name, id, creation.raw)
            case .int64s(let numbers): try Self.writeNumbers(numbers, shape: [numbers.count], name, id, creation.raw)
            case .uint64(let number): try Self.writeNumbers([number], shape: [], name, id, creation.raw)
            case .uint64s(let numbers): try Self.writeNumbers(numbers, shape: [numbers.count], name, id, creation.raw)
            case .double(let number): try Self.writeNumbers([number], shape: [], name, id, creation.raw)
            case .doubles(let numbers): try Self.writeNumbers(numbers, shape: [numbers.count], name, id, creation.raw)
            }
        }
    }

    /// The attribute `name` as a `Value` (e.g. `String.self`, `Double.self`, `[Int64].self`, or
    /// `HDF5AttributeValue.self` for whatever it holds).
    /// - Throws: ``HDF5Error/attributeNotFound(_:name:)``; ``HDF5Error/wrongAttributeType(_:attribute:expected:found:)``
    ///   if it holds another kind of value.
    public func get<Value: HDF5AttributeConvertible>(
        _ name: String,
        as type: Value.Type = Value.self
    ) throws(HDF5Error) -> Value {
        let value = try owner.withID { (id) throws(HDF5Error) -> HDF5AttributeValue in
            guard try H5A.exists(id, name) else { throw HDF5Error.attributeNotFound(location, name: name) }
            return try Self.read(name, id, location)
        }
        guard let converted = Value(hdf5AttributeValue: value) else {
            throw HDF5Error.wrongAttributeType(
                location, attribute: name, expected: Value.hdf5AttributeKind,
                found: value.kindDescription)
        }
        return converted
    }

    /// Deletes the attribute `name`.
    /// - Throws: ``HDF5Error/attributeNotFound(_:name:)`` if there is none.
    public func remove(_ name: String) throws(HDF5Error) {
        try owner.withID { (id) throws(HDF5Error) in
            guard try H5A.exists(id, name) else { throw HDF5Error.attributeNotFound(location, name: name) }
            try H5A.delete(id, name)
        }
    }

    // MARK: Writing (inside LibraryLock)

    private static func writeNumbers<Number: HDF5Scalar>(
        _ values: [Number], shape: [Int], _ name: String,
        _ object: hid_t, _ creation: hid_t
    ) throws(HDF5Error) {
        let type = Number.hdf5ElementType
        let space = try H5S.create(shape: shape)
        let attribute = try H5A.create(object, name, type: H5T.fileType(type), space: space.raw, acpl: creation)
        guard !values.isEmpty else { return }
        try values.withBytes { (bytes) throws(HDF5Error) in
            guard let base = bytes.baseAddress else { return }
            try H5A.write(attribute.raw, memoryType: H5T.nativeType(type), base)
        }
    }

    private static func writeStrings(
        _ values: [String], shape: [Int], _ name: String, _ object: hid_t,
        _ creation: hid_t
    ) throws(HDF5Error) {
        let type = try H5T.variableUTF8String()
        let space = try H5S.create(shape: shape)
        let attribute = try H5A.create(object, name, type: type.raw, space: space.raw, acpl: creation)
        guard !values.isEmpty else { return }
        // libhdf5 reads variable-length strings as an array of C string pointers.
        let cStrings = values.map { strdup($0) }
        defer { for pointer in cStrings { free(pointer) } }
        try cStrings.withBytes { (bytes) throws(HDF5Error) in
            guard let base = bytes.baseAddress else { return }
            try H5A.write(attribute.raw, memoryType: type.raw, base)
        }
    }

    // MARK: Reading (inside LibraryLock)

    private static func read(
        _ name: String, _ object: hid_t,
        _ location: HDF5Location
    ) throws(HDF5Error) -> HDF5AttributeValue {
        let attribute = try H5A.open(object, name)
        let type = try H5A.type(attribute.raw)
        let space = try H5A.space(attribute.raw)
        let isScalar: Bool
        switch H5S.kind(space.raw) {
        case H5S_SCALAR: isScalar = true
        case H5S_SIMPLE: isScalar = false
        default:
            throw HDF5Error.wrongAttributeType(
                location, attribute: name, expected: "a value",
                found: "an empty (null) dataspace")
        }
        let count = try H5S.shape(space.raw).reduce(1, *)
        switch H5T.typeClass(type.raw) {
        case H5T_STRING:
            let strings = try readStrings(attribute.raw, type.raw, space.raw, count: count)
            return isScalar ? .string(strings.first ?? "") : .strings(strings)
        case H5T_INTEGER where H5T.isSigned(type.raw):
            let numbers: [Int64] = try readNumbers(attribute.raw, count: count)
            return isScalar ? .int64(numbers.first ?? 0) : .int64s(numbers)
        case H5T_INTEGER:
            let numbers: [UInt64] = try readNumbers(attribute.raw, count: count)
            return isScalar ? .uint64(numbers.first ?? 0) : .uint64s(numbers)
        case H5T_FLOAT:
            let numbers: [Double] = try readNumbers(attribute.raw, count: count)
            return isScalar ? .double(numbers.first ?? 0) : .doubles(numbers)
        default:
            throw HDF5Error.wrongAttributeType(
                location, attribute: name, expected: "a string or a number",
                found: H5T.elementType(type.raw).description)
        }
    }

    private static func readNumbers<Number: HDF5Scalar>(_ attribute: hid_t, count: Int) throws(HDF5Error) -> [Number] {
        guard count > 0 else { return [] }
        return try makeArray(count: count) { (buffer: UnsafeMutableBufferPointer<Number>) throws(HDF5Error) in
            guard let base = buffer.baseAddress else { return }
            try H5A.read(attribute, memoryType: H5T.nativeType(Number.hdf5ElementType), base)
        }
    }

    private static func readStrings(
        _ attribute: hid_t, _ stored: hid_t, _ space: hid_t,
        count: Int
    ) throws(HDF5Error) -> [String] {
        guard count > 0 else { return [] }
        if try H5T.isVariableString(stored) {
            let memoryType = try H5T.variableUTF8String()
            try checkedStatus("H5Tset_cset", H5Tset_cset(memoryType.raw, H5Tget_cset(stored)))
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try pointers.withMutableBytes { (bytes) throws(HDF5Error) in
                guard let base = bytes.baseAddress else { return }
                try H5A.read(attribute, memoryType: memoryType.raw, base)
            }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            pointers.withUnsafeMutableBytes { bytes in
                if let base = bytes.baseAddress { H5A.reclaimVariableLength(type: memoryType.raw, space: space, base) }
            }
            return strings
        }
        let size = H5T.size(stored)
        let memoryType = try H5T.fixedString(size: size, like: stored)
        var bytes = [UInt8](repeating: 0, count: count * size)
        try bytes.withMutableBytes { (raw) throws(HDF5Error) in
            guard let base = raw.baseAddress else { return }
            try H5A.read(attribute, memoryType: memoryType.raw, base)
        }
        let spacePadded = H5Tget_strpad(stored) == H5T_STR_SPACEPAD
        return (0..<count).map { index in
            var field = bytes[(index * size)..<((index + 1) * size)]
            if let end = field.firstIndex(of: 0) { field = field[..<end] }
            if spacePadded { while field.last == 0x20 { field = field.dropLast() } }
            return String(decoding: field, as: UTF8.self)
        }
    }
}
