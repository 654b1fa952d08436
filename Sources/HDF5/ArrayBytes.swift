// `Array.withUnsafeBytes` rethrows untyped errors; these keep `HDF5Error` typed by going through the
// typed-throws `withUnsafe(Mutable)BufferPointer`.
extension Array {
    /// The array's elements as raw bytes, for the duration of `body`.
    func withBytes<Result>(
        _ body: (UnsafeRawBufferPointer) throws(HDF5Error) -> Result
    ) throws(HDF5Error) -> Result {
        try withUnsafeBufferPointer { (buffer) throws(HDF5Error) -> Result in
            try body(UnsafeRawBufferPointer(buffer))
        }
    }

    /// The array's elements as mutable raw bytes, for the duration of `body`.
    mutating func withMutableBytes<Result>(
        _ body: (UnsafeMutableRawBufferPointer) throws(HDF5Error) -> Result
    ) throws(HDF5Error) -> Result {
        try withUnsafeMutableBufferPointer { (buffer) throws(HDF5Error) -> Result in
            try body(UnsafeMutableRawBufferPointer(buffer))
        }
    }
}
