/// What went wrong while setting up a canvas, tiling frames or writing an image; each message says what to do.
public enum RenderingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A frame, tile or image size that is not a positive pixel count, or too large to address.
    case invalidSize(what: String, width: Int, height: Int)
    /// A canvas half-width that is not a positive finite number of world units.
    case invalidHalfWidth(Double)
    /// An integer parameter outside its allowed range.
    case invalidParameter(name: String, value: Int, allowed: ClosedRange<Int>)
    /// A pixel buffer whose length does not match the image it should hold.
    case bufferSizeMismatch(expected: Int, actual: Int)
    /// A tile position outside a contact sheet's grid.
    case tileOutOfGrid(row: Int, column: Int, rows: Int, columns: Int)
    /// zlib refused to compress; its return code.
    case compressionFailed(zlibCode: Int32)
    /// The file could not be written.
    case cannotWrite(path: String, reason: String)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .invalidSize(let what, let width, let height):
            "\(what) size \(width) x \(height) is invalid: give a width and a height of at least 1 pixel "
                + "(PNG allows at most 2^31 - 1) whose product fits in memory."
        case .invalidHalfWidth(let value):
            "canvas half-width \(value) is invalid: give a positive, finite extent in world units "
                + "(2 for pendulum and mass-spring, 3 for two- and three-body)."
        case .invalidParameter(let name, let value, let allowed):
            "\(name) = \(value) is out of range: choose a value in \(allowed.lowerBound)...\(allowed.upperBound)."
        case .bufferSizeMismatch(let expected, let actual):
            "pixel buffer holds \(actual) bytes but the image needs \(expected) (width x height x channels): "
                + "pass a buffer of exactly that size."
        case .tileOutOfGrid(let row, let column, let rows, let columns):
            "tile (row \(row), column \(column)) is outside the \(rows) x \(columns) grid: "
                + "use a row in 0..<\(rows) and a column in 0..<\(columns)."
        case .compressionFailed(let code):
            "zlib compression failed with code \(code): the image is probably too large for one PNG; "
                + "write a smaller one."
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason). Check that the directory exists and is writable."
        }
    }
}
