import CHDF5
import Testing

@testable import HDF5

/// Attributes of every kind on files, groups and datasets; strings stored as variable-length UTF-8.
@Suite struct AttributeTests {
    static let values: [(String, HDF5AttributeValue)] = [
        ("system", .string("pendulum")),
        ("unicode", .string("Δt = 0.05 s, π ≈ 3.14159")),
        ("empty", .string("")),
        ("shard_index", .int64(-3)),
        ("seed", .uint64(UInt64.max)),
        ("dt", .double(0.05)),
        ("names", .strings(["q", "p", "énergie"])),
        ("counts", .int64s([Int64.min, 0, Int64.max])),
        ("seeds", .uint64s([0, 1, UInt64.max])),
        ("radii", .doubles([0.1, -2.5e-300, .infinity])),
        ("no_values", .doubles([])),
    ]

    @Test func everyKindRoundTripsOnFileGroupAndDataset() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("attributes.h5")
        do {
            let file = try HDF5File.create(path)
            let group = try file.createGroup("other")
            let dataset = try file.createDataset("t", values: [0.0, 1.0])
            for attributes in [file.attributes, group.attributes, dataset.attributes] {
                for (name, value) in Self.values { try attributes.set(name, value) }
            }
            try file.close()
        }
        let file = try HDF5File.open(path)
        let owners = [file.attributes, try file.openGroup("other").attributes, try file.openDataset("t").attributes]
        for attributes in owners {
            #expect(try attributes.names() == Self.values.map(\.0).sorted())
            for (name, value) in Self.values {
                #expect(try attributes.get(name, as: HDF5AttributeValue.self) == value)
            }
        }
    }

    @Test func typedGettersAndSetters() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("typed.h5"))
        let attributes = file.attributes
        try attributes.set("system", "mass-spring")
        try attributes.set("dt", 0.1)
        try attributes.set("shard_count", 8)
        try attributes.set("seed", UInt64(1) << 63)
        try attributes.set("shape", [16, 34, 32, 32, 3])
        try attributes.set("params", ["m", "k"])
        #expect(try attributes.get("system", as: String.self) == "mass-spring")
        #expect(try attributes.get("dt", as: Double.self) == 0.1)
        #expect(try attributes.get("shard_count", as: Int.self) == 8)
        #expect(try attributes.get("shard_count", as: UInt64.self) == 8)  // exact integer conversion
        #expect(try attributes.get("seed", as: UInt64.self) == 1 << 63)
        #expect(try attributes.get("shape", as: [Int].self) == [16, 34, 32, 32, 3])
        #expect(try attributes.get("params", as: [String].self) == ["m", "k"])
        // Setting again replaces, also with another kind.
        try attributes.set("dt", "0.2")
        #expect(try attributes.get("dt", as: String.self) == "0.2")
        try attributes.remove("dt")
        #expect(try !attributes.contains("dt"))
        // A long JSON spec (beyond the 64 KiB object-header message limit) is fine: its bytes live in the heap.
        let spec = "{\"notes\": \"" + String(repeating: "é", count: 100_000) + "\"}"
        try attributes.set("spec_json", spec)
        #expect(try attributes.get("spec_json", as: String.self) == spec)
    }

    @Test func wrongKindAndMissingAttributeThrowClearErrors() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("errors.h5"))
        try file.attributes.set("seed", UInt64(1) << 63)
        try file.attributes.set("dt", 0.05)
        #expect(
            throws: HDF5Error.wrongAttributeType(
                file.root.location, attribute: "dt", expected: "string",
                found: "float64")
        ) {
            try file.attributes.get("dt", as: String.self)
        }
        // 2^63 does not fit Int64: no silent wrap-around.
        #expect(
            throws: HDF5Error.wrongAttributeType(
                file.root.location, attribute: "seed", expected: "int64",
                found: "uint64")
        ) {
            try file.attributes.get("seed", as: Int64.self)
        }
        #expect(throws: HDF5Error.attributeNotFound(file.root.location, name: "system")) {
            try file.attributes.get("system", as: String.self)
        }
        #expect(throws: HDF5Error.attributeNotFound(file.root.location, name: "system")) {
            try file.attributes.remove("system")
        }
    }

    /// h5py returns `str` only for variable-length strings; check the stored type through libhdf5 itself.
    @Test func stringsAreVariableLengthUTF8() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("strings.h5"))
        try file.attributes.set("system", "pendulum")
        try file.attributes.set("names", ["q", "p"])
        for name in ["system", "names"] {
            let (variable, utf8, nameIsUTF8) = try file.root.handle.withID { (id) throws(HDF5Error) in
                let attribute = try H5A.open(id, name)
                let type = try H5A.type(attribute.raw)
                var info = H5A_info_t()
                _ = H5Aget_info(attribute.raw, &info)
                return (
                    try H5T.isVariableString(type.raw), H5Tget_cset(type.raw) == H5T_CSET_UTF8,
                    info.cset == H5T_CSET_UTF8
                )
            }
            #expect(variable)
            #expect(utf8)
            #expect(nameIsUTF8)
        }
    }

    /// Fixed-length strings and narrow integers, as other tools write them, read back as `.string` and `.int64`.
    @Test func foreignFixedStringsAndNarrowIntegersAreReadable() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("foreign.h5"))
        try file.root.handle.withID { (id) throws(HDF5Error) in
            let stringType = try H5T.fixedString(size: 8, like: chdf5_c_string())
            let scalar = try H5S.create(shape: [])
            let attribute = try H5A.create(
                id, "label", type: stringType.raw, space: scalar.raw,
                acpl: chdf5_default())
            var bytes = Array("abc".utf8) + [UInt8](repeating: 0, count: 5)
            try bytes.withMutableBytes { (raw) throws(HDF5Error) in
                try H5A.write(attribute.raw, memoryType: stringType.raw, raw.baseAddress!)
            }
            let vector = try H5S.create(shape: [2])
            let narrow = try H5A.create(id, "small", type: chdf5_std_i16le(), space: vector.raw, acpl: chdf5_default())
            var values: [Int16] = [-7, 300]
            try values.withMutableBytes { (raw) throws(HDF5Error) in
                try H5A.write(narrow.raw, memoryType: chdf5_native_int16(), raw.baseAddress!)
            }
        }
        #expect(try file.attributes.get("label", as: String.self) == "abc")
        #expect(try file.attributes.get("small", as: [Int64].self) == [-7, 300])
    }
}
