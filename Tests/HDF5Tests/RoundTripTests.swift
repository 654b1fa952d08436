import Testing

@testable import HDF5

/// Writing then reading returns exactly the values written, for every element type, ranks 1...5, and blocks.
@Suite struct RoundTripTests {
    static let shapes: [[Int]] = [[7], [3, 5], [2, 3, 4], [2, 1, 3, 2], [2, 3, 1, 2, 3]]

    private func roundTrip<Element: TestSample>(_ type: Element.Type) throws {
        let directory = TemporaryDirectory()
        let path = directory.file("types.h5")
        do {
            let file = try HDF5File.create(path)
            for (index, shape) in Self.shapes.enumerated() {
                let values = Element.samples(shape.reduce(1, *), seed: UInt64(index + 1))
                let dataset = try file.createDataset("rank\(shape.count)", of: Element.self, shape: shape)
                try dataset.write(values)
            }
            try file.close()
        }
        let file = try HDF5File.open(path)
        for (index, shape) in Self.shapes.enumerated() {
            let dataset = try file.openDataset("rank\(shape.count)")
            #expect(dataset.shape == shape)
            #expect(dataset.elementType == Element.hdf5ElementType)
            #expect(dataset.chunkShape == nil)
            let values = try dataset.read(as: Element.self, expectingRank: shape.count)
            #expect(values == Element.samples(shape.reduce(1, *), seed: UInt64(index + 1)))
        }
    }

    @Test func uint8() throws { try roundTrip(UInt8.self) }
    @Test func int8() throws { try roundTrip(Int8.self) }
    @Test func int16() throws { try roundTrip(Int16.self) }
    @Test func uint16() throws { try roundTrip(UInt16.self) }
    @Test func int32() throws { try roundTrip(Int32.self) }
    @Test func uint32() throws { try roundTrip(UInt32.self) }
    @Test func int64() throws { try roundTrip(Int64.self) }
    @Test func int() throws { try roundTrip(Int.self) }
    @Test func uint64() throws { try roundTrip(UInt64.self) }
    @Test func float32() throws { try roundTrip(Float.self) }
    @Test func float64() throws { try roundTrip(Double.self) }

    @Test func scalarDatasetAndCreateWithValues() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("scalar.h5"))
        let scalar = try file.createDataset("dt", values: [0.125], shape: [])
        #expect(scalar.shape == [])
        #expect(try scalar.read(as: Double.self) == [0.125])
        let times = try file.createDataset("t", values: [0.0, 0.5, 1.0])
        #expect(times.shape == [3])
        #expect(try times.read(as: Double.self) == [0.0, 0.5, 1.0])
    }

    @Test func readIntoBuffer() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("buffer.h5"))
        let values = Float.samples(24)
        let dataset = try file.createDataset("w", values: values, shape: [2, 3, 4])
        var output = [Float](repeating: 0, count: 24)
        try output.withUnsafeMutableBufferPointer { buffer in try dataset.read(into: buffer) }
        #expect(output == values)
    }

    /// Per-sample writes of an [N, T, D] array in any order, then block reads, reproduce NumPy slicing.
    @Test func hyperslabWritesAndReads() throws {
        let directory = TemporaryDirectory()
        let (n, t, d) = (5, 4, 3)
        let all = Double.samples(n * t * d)
        let file = try HDF5File.create(directory.file("slabs.h5"))
        let x = try file.createDataset(
            "x", of: Double.self, shape: [n, t, d], chunkShape: [1, t, d],
            deflateLevel: 1)
        for sample in [3, 0, 4, 1, 2] {
            let slice = Array(all[(sample * t * d)..<((sample + 1) * t * d)])
            try x.write(slice, start: [sample, 0, 0], count: [1, t, d])
        }
        #expect(try x.read(as: Double.self) == all)
        // x[1:4, 2:4, 1:2] in NumPy terms.
        let block = try x.read(as: Double.self, start: [1, 2, 1], count: [3, 2, 1])
        var expected: [Double] = []
        for i in 1..<4 { for j in 2..<4 { expected.append(all[(i * t + j) * d + 1]) } }
        #expect(block == expected)
        // An empty block is allowed and reads nothing.
        #expect(try x.read(as: Double.self, start: [0, 0, 0], count: [0, t, d]).isEmpty)
    }

    @Test func groupsNestAndListMembers() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("groups.h5")
        do {
            let file = try HDF5File.create(path)
            _ = try file.createDataset("other/mass", values: [1.0, 2.0])
            _ = try file.createDataset("/other/length", values: [3.0, 4.0])
            let deep = try file.createGroup("a/b/c")
            #expect(deep.location.path == "/a/b/c")
            _ = try deep.createDataset("leaf", values: [Int32(1)])
            try file.close()
        }
        let file = try HDF5File.open(path)
        #expect(try file.memberNames() == ["a", "other"])
        #expect(try file.openGroup("other").memberNames() == ["length", "mass"])
        #expect(try file.contains("a/b/c/leaf"))
        #expect(try !file.contains("a/b/x/leaf"))
        #expect(try !file.contains("other/mass/deeper"))
        #expect(try file.openGroup("a").openGroup("b/c").openDataset("leaf").read(as: Int32.self) == [1])
        #expect(try file.openDataset("other/length").location == HDF5Location(file: path, path: "/other/length"))
    }
}
