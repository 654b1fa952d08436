import CHDF5

/// How a new dataset is to be stored: its validation and its dataset creation property list.
struct DatasetLayout {
    var elementType: HDF5ElementType
    var shape: [Int]
    var chunkShape: [Int]?
    var shuffle: Bool
    var deflateLevel: Int?

    /// Why libhdf5 would refuse (or misstore) this layout, in words the caller can act on; nil if it is valid.
    var problem: String? {
        if case .other(let text) = elementType { return "element type \(text) cannot be created by this module" }
        if shape.contains(where: { $0 < 0 }) { return "shape \(shape) has a negative extent" }
        if let level = deflateLevel, !(0...9).contains(level) {
            return "deflate level \(level) is outside 0...9"
        }
        guard let chunkShape else {
            if shuffle || deflateLevel != nil {
                return "shuffle and deflate need a chunked layout: pass chunkShape (e.g. one sample per chunk)"
            }
            return nil
        }
        if shape.isEmpty { return "a scalar dataset cannot be chunked: pass chunkShape: nil" }
        if chunkShape.count != shape.count {
            return "chunk shape \(chunkShape) has rank \(chunkShape.count) but shape \(shape) has rank \(shape.count)"
        }
        if zip(chunkShape, shape).contains(where: { chunk, extent in chunk < 1 || chunk > max(extent, 1) }) {
            return "every chunk extent must be between 1 and the dataset's extent; got \(chunkShape) for \(shape)"
        }
        let chunkBytes = chunkShape.reduce(elementType.byteCount, *)
        if chunkBytes >= 1 << 32 {
            return "a chunk of shape \(chunkShape) is \(chunkBytes) bytes; HDF5 chunks must be under 4 GiB"
        }
        return nil
    }

    /// The dataset creation property list: no time stamps, chunking, then shuffle before deflate (the order in
    /// which the filters run on write).
    func creationProperties() throws(HDF5Error) -> OwnedID {
        let creation = try H5P.create(chdf5_dataset_create())
        try H5P.disableTimeTracking(creation.raw)
        if let chunkShape {
            try H5P.setChunk(creation.raw, chunkShape)
            if shuffle { try H5P.addShuffle(creation.raw) }
            if let deflateLevel { try H5P.addDeflate(creation.raw, level: deflateLevel) }
        }
        return creation
    }
}
