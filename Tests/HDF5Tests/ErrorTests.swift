import Foundation
import Testing

@testable import HDF5

/// Every failure a user can cause produces a specific error whose message says what to do.
@Suite struct ErrorTests {
    @Test func missingFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("absent.h5")
        let error = #expect(throws: HDF5Error.fileNotFound(path: path)) { try HDF5File.open(path) }
        #expect(error?.description.contains(path) == true)
        #expect(throws: HDF5Error.fileNotFound(path: directory.path)) { try HDF5File.open(directory.path) }
    }

    @Test func foreignFileIsNotHDF5() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("image.png")
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 600)
        try Data(png).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path) }
        guard case .notAnHDF5File(let errorPath, let reason)? = error else {
            Issue.record("expected notAnHDF5File, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("signature"))
        #expect(error?.description.contains("not a readable HDF5 file") == true)
    }

    @Test func truncatedFileIsNotHDF5() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("truncated.h5")
        try DeterminismTests.writeShard(to: path)
        let whole = try fileBytes(path)
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path) }
        guard case .notAnHDF5File(_, let reason)? = error else {
            Issue.record("expected notAnHDF5File, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("truncated"), "reason: \(reason)")
    }

    @Test func emptyFileIsNotHDF5() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("empty.h5")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path) }
        guard case .notAnHDF5File? = error else {
            Issue.record("expected notAnHDF5File, got \(String(describing: error))")
            return
        }
    }

    @Test func exclusiveCreationRefusesAnExistingFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("exists.h5")
        try HDF5File.create(path).close()
        #expect(throws: HDF5Error.fileAlreadyExists(path: path)) { try HDF5File.create(path, ifExists: .fail) }
        let other = directory.file("new.h5")
        try HDF5File.create(other, ifExists: .fail).close()
        // A missing directory is reported with libhdf5's own explanation.
        let error = #expect(throws: HDF5Error.self) { try HDF5File.create(directory.file("no/such/dir.h5")) }
        guard case .cannotCreateFile(let errorPath, let reason)? = error else {
            Issue.record("expected cannotCreateFile, got \(String(describing: error))")
            return
        }
        #expect(errorPath == directory.file("no/such/dir.h5"))
        #expect(reason.contains("No such file or directory"), "reason: \(reason)")
    }

    @Test func missingObjectsAndWrongKinds() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("objects.h5")
        let file = try HDF5File.create(path)
        _ = try file.createDataset("x", values: [1.0])
        _ = try file.createGroup("other")
        let missing = #expect(throws: HDF5Error.objectNotFound(.dataset, HDF5Location(file: path, path: "/image"))) {
            try file.openDataset("image")
        }
        #expect(
            missing?.description == "No dataset '/image' in \(path). List the members of its group to see what "
                + "the file holds.")
        #expect(throws: HDF5Error.objectNotFound(.group, HDF5Location(file: path, path: "/other/deeper"))) {
            try file.openGroup("other").openGroup("deeper")
        }
        #expect(
            throws: HDF5Error.wrongObjectKind(
                HDF5Location(file: path, path: "/other"), expected: .dataset,
                found: "group")
        ) {
            try file.openDataset("other")
        }
        #expect(throws: HDF5Error.objectAlreadyExists(HDF5Location(file: path, path: "/x"))) {
            try file.createDataset("x", of: Double.self, shape: [1])
        }
        #expect(throws: HDF5Error.objectAlreadyExists(HDF5Location(file: path, path: "/other"))) {
            try file.createGroup("other")
        }
        // A dataset cannot hold members.
        #expect(
            throws: HDF5Error.wrongObjectKind(
                HDF5Location(file: path, path: "/x"), expected: .group,
                found: "dataset")
        ) {
            try file.createDataset("x/y", of: Double.self, shape: [1])
        }
        #expect(
            throws: HDF5Error.wrongObjectKind(
                HDF5Location(file: path, path: "/x"), expected: .group,
                found: "dataset")
        ) {
            try file.createGroup("x/y")
        }
    }

    @Test func wrongTypeRankAndShape() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("types.h5")
        let file = try HDF5File.create(path)
        let x = try file.createDataset("x", of: Double.self, shape: [2, 3])
        let location = HDF5Location(file: path, path: "/x")
        let wrongType = #expect(throws: HDF5Error.wrongElementType(location, expected: .float32, found: .float64)) {
            try x.read(as: Float.self)
        }
        #expect(wrongType?.description.contains("Read or write it as float64") == true)
        #expect(throws: HDF5Error.wrongElementType(location, expected: .int64, found: .float64)) {
            try x.write([Int64](repeating: 0, count: 6))
        }
        #expect(throws: HDF5Error.wrongRank(location, expected: 3, found: 2)) {
            try x.read(as: Double.self, expectingRank: 3)
        }
        #expect(throws: HDF5Error.shapeMismatch(location, shape: [2, 3], valueCount: 5)) {
            try x.write([Double](repeating: 0, count: 5))
        }
        #expect(throws: HDF5Error.shapeMismatch(location, shape: [1, 3], valueCount: 2)) {
            try x.write([1.0, 2.0], start: [1, 0], count: [1, 3])
        }
        #expect(throws: HDF5Error.selectionOutOfBounds(location, start: [1, 1], count: [1, 3], shape: [2, 3])) {
            try x.read(as: Double.self, start: [1, 1], count: [1, 3])
        }
        #expect(throws: HDF5Error.selectionOutOfBounds(location, start: [0], count: [1], shape: [2, 3])) {
            try x.read(as: Double.self, start: [0], count: [1])
        }
    }

    @Test func objectsOfAClosedFileThrowClosed() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("closed.h5")
        let file = try HDF5File.create(path)
        let x = try file.createDataset("x", values: [1.0, 2.0])
        let group = try file.createGroup("g")
        try file.close()
        try file.close()  // closing twice is harmless
        #expect(!file.isOpen)
        #expect(throws: HDF5Error.closed(HDF5Location(file: path, path: "/x"))) { try x.read(as: Double.self) }
        #expect(throws: HDF5Error.closed(HDF5Location(file: path, path: "/g"))) { try group.memberNames() }
        #expect(throws: HDF5Error.closed(HDF5Location(file: path, path: "/"))) { try file.memberNames() }
        // The file is really closed: it can be renamed and reopened by another handle.
        let renamed = directory.file("renamed.h5")
        try FileManager.default.moveItem(atPath: path, toPath: renamed)
        #expect(try HDF5File.open(renamed).openDataset("x").read(as: Double.self) == [1.0, 2.0])
    }

    @Test func readOnlyFilesRefuseWrites() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("readonly.h5")
        try HDF5File.create(path).close()
        let file = try HDF5File.open(path)
        let error = #expect(throws: HDF5Error.self) { try file.createGroup("g") }
        guard case .library(let operation, let stack)? = error else {
            Issue.record("expected a library error, got \(String(describing: error))")
            return
        }
        #expect(operation == "H5Gcreate2")
        #expect(!stack.isEmpty)
        try file.close()  // libhdf5 refuses to open a file read-write while it is open read-only in this process
        let writable = try HDF5File.open(path, mode: .readWrite)
        _ = try writable.createGroup("g")
        #expect(try writable.memberNames() == ["g"])
    }
}
