import CHDF5

/// A group: a directory of named datasets and subgroups, like `h5py.Group`.
///
/// Names may be paths: `"other/mass"` is resolved below this group, `"/x"` from the file's root. Creating an object
/// creates the missing groups on its path.
public final class HDF5Group: Sendable {
    /// The file and absolute path of this group.
    public var location: HDF5Location { handle.location }
    let handle: ObjectHandle

    init(handle: ObjectHandle) {
        self.handle = handle
    }

    /// Opens `/` of an open file.
    convenience init(openingRootOf file: ObjectHandle) throws(HDF5Error) {
        let id = try file.withID { (fileID) throws(HDF5Error) in try H5O.open(fileID, "/") }
        self.init(handle: ObjectHandle(id, location: file.location, file: file, closer: H5G.close))
    }

    /// This group's attributes.
    public var attributes: HDF5Attributes { HDF5Attributes(owner: handle) }

    /// Closes this group (not the file). Closing twice does nothing.
    public func close() throws(HDF5Error) { try handle.close("H5Gclose") }

    // MARK: Members

    /// The names of the group's direct members (datasets, groups, other links), sorted by name.
    /// Complexity: O(n log n) in libhdf5 for n members.
    public func memberNames() throws(HDF5Error) -> [String] {
        try handle.withID { (id) throws(HDF5Error) -> [String] in
            let count = try H5G.linkCount(id)
            var names: [String] = []
            names.reserveCapacity(count)
            for index in 0..<count { names.append(try H5L.name(id, at: index)) }
            return names
        }
    }

    /// Whether a member exists at `name` (a name or a path; every group on the path must exist too).
    public func contains(_ name: String) throws(HDF5Error) -> Bool {
        try handle.withID { (id) throws(HDF5Error) -> Bool in try Self.linkExists(id, name) }
    }

    /// Creates the subgroup `name` (and any missing groups on its path).
    /// - Throws: ``HDF5Error/objectAlreadyExists(_:)`` if something already exists at `name`.
    public func createGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        let target = location.appending(name)
        return try handle.withID { (id) throws(HDF5Error) -> HDF5Group in
            guard try !Self.linkExists(id, name) else { throw HDF5Error.objectAlreadyExists(target) }
            let groupID = try Self.createGroupPath(id, name, at: location)
            return HDF5Group(handle: ObjectHandle(groupID, location: target, file: handle.file, closer: H5G.close))
        }
    }

    /// Opens the existing subgroup `name`.
    /// - Throws: ``HDF5Error/objectNotFound(_:_:)`` or ``HDF5Error/wrongObjectKind(_:expected:found:)``.
    public func openGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        let handle = try openObject(name, kind: .group)
        return HDF5Group(handle: handle)
    }

    // MARK: Datasets

    /// Opens the existing dataset `name`.
    /// - Throws: ``HDF5Error/objectNotFound(_:_:)`` or ``HDF5Error/wrongObjectKind(_:expected:found:)``.
    public func openDataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        try HDF5Dataset(handle: try openObject(name, kind: .dataset))
    }

    /// Creates a dataset of `shape` holding elements of `elementType`, zero-filled until written.
    ///
    /// - Parameters:
    ///   - name: the dataset's name or path; missing groups on the path are created.
    ///   - shape: the extent of each dimension (row-major, as NumPy); `[]` makes a scalar dataset.
    ///   - chunkShape: store the data in chunks of this shape (one entry per dimension, each 1...extent); required
    ///     by `shuffle` and `deflateLevel`. The unit of compression and of ``HDF5Dataset/writeChunk(at:compressed:filterMask:)``.
    ///   - shuffle: apply the byte-shuffle filter before deflate.
    ///   - deflateLevel: apply zlib deflate at this level (0...9; 1 is fast, 4 a good balance, 9 slow).
    /// - Throws: ``HDF5Error/invalidDatasetLayout(_:reason:)`` for an inconsistent layout,
    ///   ``HDF5Error/objectAlreadyExists(_:)`` if the name is taken.
    public func createDataset(
        _ name: String, elementType: HDF5ElementType, shape: [Int], chunkShape: [Int]? = nil,
        shuffle: Bool = false, deflateLevel: Int? = nil
    ) throws(HDF5Error) -> HDF5Dataset {
        let target = location.appending(name)
        let layout = DatasetLayout(
            elementType: elementType, shape: shape, chunkShape: chunkShape,
            shuffle: shuffle, deflateLevel: deflateLevel)
        if let problem = layout.problem { throw HDF5Error.invalidDatasetLayout(target, reason: problem) }
        let datasetID = try handle.withID { (id) throws(HDF5Error) -> hid_t in
            guard try !Self.linkExists(id, name) else { throw HDF5Error.objectAlreadyExists(target) }
            let (parent, leaf) = try Self.parentOfPath(id, name, at: location)
            defer { if parent != id { _ = H5Gclose(parent) } }
            let space = try H5S.create(shape: shape)
            let creation = try layout.creationProperties()
            let links = try H5P.create(chdf5_link_create())
            try H5P.useUTF8LinkNames(links.raw)
            return try H5D.create(
                parent, leaf, fileType: H5T.fileType(elementType), space: space.raw,
                lcpl: links.raw, dcpl: creation.raw)
        }
        return try HDF5Dataset(
            handle: ObjectHandle(
                datasetID, location: target, file: handle.file,
                closer: H5D.close))
    }

    /// Creates a dataset of `Element`s; see ``createDataset(_:elementType:shape:chunkShape:shuffle:deflateLevel:)``.
    public func createDataset<Element: HDF5Scalar>(
        _ name: String, of type: Element.Type, shape: [Int], chunkShape: [Int]? = nil, shuffle: Bool = false,
        deflateLevel: Int? = nil
    ) throws(HDF5Error) -> HDF5Dataset {
        try createDataset(
            name, elementType: Element.hdf5ElementType, shape: shape, chunkShape: chunkShape,
            shuffle: shuffle, deflateLevel: deflateLevel)
    }

    /// Creates a contiguous dataset and writes `values` to it at once (h5py: `create_dataset(name, data=...)`).
    /// - Parameter shape: the dataset's shape; `nil` means one dimension of `values.count`.
    public func createDataset<Element: HDF5Scalar>(
        _ name: String, values: [Element],
        shape: [Int]? = nil
    ) throws(HDF5Error) -> HDF5Dataset {
        let shape = shape ?? [values.count]
        guard shape.reduce(1, *) == values.count else {
            throw HDF5Error.shapeMismatch(location.appending(name), shape: shape, valueCount: values.count)
        }
        let dataset = try createDataset(name, of: Element.self, shape: shape)
        try dataset.write(values)
        return dataset
    }

    // MARK: Path helpers (call inside LibraryLock)

    /// Opens the object at `name` and checks that it is of `kind`.
    private func openObject(_ name: String, kind: HDF5ObjectKind) throws(HDF5Error) -> ObjectHandle {
        let target = location.appending(name)
        let id = try handle.withID { (id) throws(HDF5Error) -> hid_t in
            guard try Self.linkExists(id, name) else { throw HDF5Error.objectNotFound(kind, target) }
            let object = try H5O.open(id, name)
            let found = H5I.type(object)
            let expected = kind == .group ? H5I_GROUP : H5I_DATASET
            guard found == expected else {
                _ = H5O.close(object)
                throw HDF5Error.wrongObjectKind(target, expected: kind, found: Self.kindName(found))
            }
            return object
        }
        let closer: OwnedID.Closer = kind == .group ? H5G.close : H5D.close
        return ObjectHandle(id, location: target, file: handle.file, closer: closer)
    }

    private static func kindName(_ type: H5I_type_t) -> String {
        switch type {
        case H5I_GROUP: "group"
        case H5I_DATASET: "dataset"
        case H5I_DATATYPE: "named datatype"
        default: "object"
        }
    }

    /// The non-empty components of a path, and whether it is absolute.
    private static func components(_ name: String) -> (absolute: Bool, parts: [Substring]) {
        (name.hasPrefix("/"), name.split(separator: "/", omittingEmptySubsequences: true))
    }

    /// Whether every link along `name` exists (H5Lexists alone fails when an intermediate group is missing).
    static func linkExists(_ group: hid_t, _ name: String) throws(HDF5Error) -> Bool {
        let (absolute, parts) = components(name)
        guard !parts.isEmpty else { return true }  // "/" or "."-like: the group itself
        var prefix = absolute ? "/" : ""
        for (index, part) in parts.enumerated() {
            prefix += (index == 0 ? "" : "/") + part
            guard try H5L.exists(group, prefix) else { return false }
            if index < parts.count - 1 {
                // Only a group can hold the next component.
                let object = try H5O.open(group, prefix)
                let isGroup = H5I.type(object) == H5I_GROUP
                _ = H5O.close(object)
                guard isGroup else { return false }
            }
        }
        return true
    }

    /// Opens (creating where missing) every group on the path of `name` but its last component, checking that
    /// existing ones are groups; returns the innermost group (which the caller closes unless it is `group` itself)
    /// and that last component. Groups are created here rather than by libhdf5's "intermediate groups" option so
    /// that they too carry no time stamps.
    static func parentOfPath(
        _ group: hid_t, _ name: String,
        at base: HDF5Location
    ) throws(HDF5Error) -> (parent: hid_t, leaf: String) {
        let (absolute, parts) = components(name)
        guard let leaf = parts.last else { return (group, name) }
        guard parts.count > 1 || absolute else { return (group, String(leaf)) }
        let parentPath = (absolute ? "/" : "") + parts.dropLast().joined(separator: "/")
        if parentPath == "/" { return (try H5O.open(group, "/"), String(leaf)) }
        return (try createGroupPath(group, parentPath, at: base), String(leaf))
    }

    /// Opens the group at `name` (at least one component), creating it and missing groups along its path; an
    /// existing object on the path that is not a group throws. Returns the group's identifier.
    static func createGroupPath(_ group: hid_t, _ name: String, at base: HDF5Location) throws(HDF5Error) -> hid_t {
        let creation = try H5P.create(chdf5_group_create())
        try H5P.disableTimeTracking(creation.raw)
        let links = try H5P.create(chdf5_link_create())
        try H5P.useUTF8LinkNames(links.raw)
        let (absolute, parts) = components(name)
        var prefix = absolute ? "/" : ""
        var current: hid_t = -1
        for (index, part) in parts.enumerated() {
            prefix += (index == 0 ? "" : "/") + part
            if current >= 0 { _ = H5Gclose(current) }
            if try H5L.exists(group, prefix) {
                current = try H5O.open(group, prefix)
                let kind = H5I.type(current)
                guard kind == H5I_GROUP else {
                    _ = H5O.close(current)
                    throw HDF5Error.wrongObjectKind(base.appending(prefix), expected: .group, found: kindName(kind))
                }
            } else {
                current = try H5G.create(group, prefix, lcpl: links.raw, gcpl: creation.raw)
            }
        }
        return current
    }
}
