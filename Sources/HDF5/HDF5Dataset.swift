import CHDF5

/// A dataset: an n-dimensional array of numbers in a file, like `h5py.Dataset`.
///
/// Shape, element type, chunk shape and filters are read once when the dataset is opened or created (datasets of
/// this module have a fixed extent). Values are exchanged as flat arrays in row-major (C, NumPy) order.
///
/// Reads and writes check the Swift element type against the stored one and refuse to convert: writing `Float`
/// into a `float64` dataset throws ``HDF5Error/wrongElementType(_:expected:found:)``.
public final class HDF5Dataset: Sendable {
    /// The file and absolute path of this dataset.
    public var location: HDF5Location { handle.location }
    /// The extent of each dimension; `[]` for a scalar dataset.
    public let shape: [Int]
    /// The type of the stored elements.
    public let elementType: HDF5ElementType
    /// The chunk shape, or nil for a contiguous dataset.
    public let chunkShape: [Int]?
    /// The filter pipeline, in the order the filters run on write (e.g. `[.shuffle, .deflate(level: 4)]`).
    public let filters: [HDF5Filter]
    let handle: ObjectHandle

    /// Wraps an open dataset identifier, reading its shape, type and layout.
    init(handle: ObjectHandle) throws(HDF5Error) {
        self.handle = handle
        (shape, elementType, chunkShape, filters) = try handle.withID {
            (id) throws(HDF5Error) -> ([Int], HDF5ElementType, [Int]?, [HDF5Filter]) in
            let space = try H5D.space(id)
            let shape = try H5S.shape(space.raw)
            let storedType = try H5D.type(id)
            let type = H5T.elementType(storedType.raw)
            let creation = try H5D.creationProperties(id)
            let chunkShape = try H5P.chunkShape(creation.raw, rank: shape.count)
            let filters = chunkShape == nil ? [] : try H5P.filters(creation.raw)
            return (shape, type, chunkShape, filters)
        }
    }

    /// The number of elements, the product of ``shape``.
    public var elementCount: Int { shape.reduce(1, *) }

    /// This dataset's attributes.
    public var attributes: HDF5Attributes { HDF5Attributes(owner: handle) }

    /// Closes this dataset (not the file). Closing twice does nothing.
    public func close() throws(HDF5Error) { try handle.close("H5Dclose") }

    // MARK: Whole-dataset reads and writes

    /// Writes every element; `values` holds ``elementCount`` elements in row-major order.
    /// Complexity: O(n), plus compression of every chunk for a filtered dataset (under the library lock).
    public func write<Element: HDF5Scalar>(_ values: [Element]) throws(HDF5Error) {
        try values.withUnsafeBufferPointer { (buffer) throws(HDF5Error) in try write(buffer) }
    }

    /// Writes every element from a buffer of ``elementCount`` elements in row-major order.
    public func write<Element: HDF5Scalar>(_ values: UnsafeBufferPointer<Element>) throws(HDF5Error) {
        try requireElementType(Element.self)
        guard values.count == elementCount else {
            throw HDF5Error.shapeMismatch(location, shape: shape, valueCount: values.count)
        }
        guard let base = values.baseAddress, !values.isEmpty else { return }
        try handle.withID { (id) throws(HDF5Error) in
            try H5D.write(
                id, memoryType: H5T.nativeType(elementType), memorySpace: chdf5_all(),
                fileSpace: chdf5_all(), base)
        }
    }

    /// Reads every element, in row-major order.
    /// - Parameter rank: if given, the rank the caller expects; another rank throws ``HDF5Error/wrongRank(_:expected:found:)``.
    public func read<Element: HDF5Scalar>(
        as type: Element.Type = Element.self,
        expectingRank rank: Int? = nil
    ) throws(HDF5Error) -> [Element] {
        if let rank, rank != shape.count { throw HDF5Error.wrongRank(location, expected: rank, found: shape.count) }
        return try makeArray(count: elementCount) { (buffer) throws(HDF5Error) in try read(into: buffer) }
    }

    /// Reads every element into `buffer`, which must hold exactly ``elementCount`` elements.
    public func read<Element: HDF5Scalar>(into buffer: UnsafeMutableBufferPointer<Element>) throws(HDF5Error) {
        try requireElementType(Element.self)
        guard buffer.count == elementCount else {
            throw HDF5Error.shapeMismatch(location, shape: shape, valueCount: buffer.count)
        }
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        try handle.withID { (id) throws(HDF5Error) in
            try H5D.read(
                id, memoryType: H5T.nativeType(elementType), memorySpace: chdf5_all(),
                fileSpace: chdf5_all(), base)
        }
    }

    // MARK: Hyperslabs

    /// Writes the block `start ..< start + count` (one entry per dimension) from `values`, which holds
    /// `count.reduce(1, *)` elements in row-major order. E.g. sample `i` of a `[N, T, D]` dataset:
    /// `write(x, start: [i, 0, 0], count: [1, T, D])`.
    public func write<Element: HDF5Scalar>(_ values: [Element], start: [Int], count: [Int]) throws(HDF5Error) {
        try values.withUnsafeBufferPointer { (buffer) throws(HDF5Error) in
            try write(buffer, start: start, count: count)
        }
    }

    /// Writes the block `start ..< start + count` from a buffer; see ``write(_:start:count:)-([Element],_,_)``.
    public func write<Element: HDF5Scalar>(
        _ values: UnsafeBufferPointer<Element>, start: [Int],
        count: [Int]
    ) throws(HDF5Error) {
        try requireElementType(Element.self)
        try requireSelection(start: start, count: count)
        guard values.count == count.reduce(1, *) else {
            throw HDF5Error.shapeMismatch(location, shape: count, valueCount: values.count)
        }
        guard let base = values.baseAddress, !values.isEmpty else { return }
        try handle.withID { (id) throws(HDF5Error) in
            let fileSpace = try H5D.space(id)
            try H5S.selectBlock(fileSpace.raw, start: start, count: count)
            let memorySpace = try H5S.create(shape: count)
            try H5D.write(
                id, memoryType: H5T.nativeType(elementType), memorySpace: memorySpace.raw,
                fileSpace: fileSpace.raw, base)
        }
    }

    /// Reads the block `start ..< start + count` (one entry per dimension), in row-major order.
    public func read<Element: HDF5Scalar>(
        as type: Element.Type = Element.self, start: [Int],
        count: [Int]
    ) throws(HDF5Error) -> [Element] {
        try requireElementType(Element.self)
        try requireSelection(start: start, count: count)
        return try makeArray(count: count.reduce(1, *)) {
            (buffer: UnsafeMutableBufferPointer<Element>) throws(HDF5Error) in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            try handle.withID { (id) throws(HDF5Error) in
                let fileSpace = try H5D.space(id)
                try H5S.selectBlock(fileSpace.raw, start: start, count: count)
                let memorySpace = try H5S.create(shape: count)
                try H5D.read(
                    id, memoryType: H5T.nativeType(elementType), memorySpace: memorySpace.raw,
                    fileSpace: fileSpace.raw, base)
            }
        }
    }

    // MARK: Checks

    private func requireElementType<Element: HDF5Scalar>(_ type: Element.Type) throws(HDF5Error) {
        guard Element.hdf5ElementType == elementType else {
            throw HDF5Error.wrongElementType(location, expected: Element.hdf5ElementType, found: elementType)
        }
    }

    private func requireSelection(start: [Int], count: [Int]) throws(HDF5Error) {
        let fits =
            start.count == shape.count && count.count == shape.count
            && zip(zip(start, count), shape).allSatisfy { block, extent in
                block.0 >= 0 && block.1 >= 0 && block.0 + block.1 <= extent
            }
        guard fits, !shape.isEmpty else {
            throw HDF5Error.selectionOutOfBounds(location, start: start, count: count, shape: shape)
        }
    }
}

/// An array of `count` elements filled by `fill`, without first zeroing it.
func makeArray<Element: BitwiseCopyable>(
    count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) throws(HDF5Error) -> Void
) throws(HDF5Error) -> [Element] {
    var failure: HDF5Error?
    let array = [Element](unsafeUninitializedCapacity: count) { buffer, initializedCount in
        do throws(HDF5Error) {
            try fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initializedCount = count
        } catch {
            failure = error
            initializedCount = 0
        }
    }
    if let failure { throw failure }
    return array
}
