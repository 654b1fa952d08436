/// A grid of equally sized RGB tiles in one image, for people to look at: rows of trajectories with their frames
/// in columns, or strips of true frames above predicted ones.
///
/// Each tile is magnified by an integer ``scale`` (nearest neighbour, so every source pixel becomes a
/// `scale x scale` block and a 32 x 32 frame at scale 4 is 128 x 128), and tiles are separated from each other and
/// from the image border by ``separatorWidth`` pixels of ``separatorColor``. Cells that no tile was placed in keep
/// the separator colour.
///
/// Layout: the tile in `row`, `column` has its top-left pixel at
/// `x = separatorWidth + column * (tileWidth * scale + separatorWidth)` and likewise
/// `y = separatorWidth + row * (tileHeight * scale + separatorWidth)`.
///
/// ```swift
/// var sheet = try ContactSheet(rows: 4, columns: 10, tileWidth: 32, tileHeight: 32, scale: 4)
/// for trajectory in 0..<4 { try sheet.placeSequence(videos[trajectory], inRow: trajectory) }
/// try sheet.writePNG(toFileAt: "preview.png")
/// ```
public struct ContactSheet: Sendable {
    /// Number of tile rows.
    public let rows: Int
    /// Number of tile columns.
    public let columns: Int
    /// Width of one tile before magnification, in pixels.
    public let tileWidth: Int
    /// Height of one tile before magnification, in pixels.
    public let tileHeight: Int
    /// Integer magnification of each tile.
    public let scale: Int
    /// Pixels of separator between tiles and around the border.
    public let separatorWidth: Int
    /// Colour of the separators and of empty cells.
    public let separatorColor: RGBColor
    /// Width of the whole image: `columns * tileWidth * scale + (columns + 1) * separatorWidth`.
    public let width: Int
    /// Height of the whole image: `rows * tileHeight * scale + (rows + 1) * separatorWidth`.
    public let height: Int
    /// The image, `height` rows of `width` RGB pixels (HWC).
    public private(set) var pixels: [UInt8]

    /// Bytes in one tile before magnification: `tileWidth * tileHeight * 3`.
    public var tileByteCount: Int { tileWidth * tileHeight * 3 }

    /// Creates an empty sheet of `rows` x `columns` cells, each for a `tileWidth` x `tileHeight` RGB tile.
    ///
    /// - Parameters:
    ///   - scale: integer magnification, 1 to 64 (default 1).
    ///   - separatorWidth: pixels between tiles and around the border, 0 to 64 (default 1).
    ///   - separatorColor: colour of separators and empty cells (default white).
    /// - Throws: ``RenderingError/invalidSize(what:width:height:)`` for a grid or tile without cells or pixels, or
    ///   an image too large for PNG; ``RenderingError/invalidParameter(name:value:allowed:)`` for `scale` or
    ///   `separatorWidth` out of range.
    /// - Complexity: O(`width * height`) to fill the image.
    public init(
        rows: Int, columns: Int, tileWidth: Int, tileHeight: Int, scale: Int = 1, separatorWidth: Int = 1,
        separatorColor: RGBColor = .white
    ) throws(RenderingError) {
        guard rows >= 1, columns >= 1 else {
            throw .invalidSize(what: "contact sheet grid", width: columns, height: rows)
        }
        guard tileWidth >= 1, tileHeight >= 1 else {
            throw .invalidSize(what: "tile", width: tileWidth, height: tileHeight)
        }
        guard (1...64).contains(scale) else { throw .invalidParameter(name: "scale", value: scale, allowed: 1...64) }
        guard (0...64).contains(separatorWidth) else {
            throw .invalidParameter(name: "separatorWidth", value: separatorWidth, allowed: 0...64)
        }
        let limit = 1 << 20  // more is a mistake; the bound also keeps the size products below overflow
        guard rows <= limit, columns <= limit else {
            throw .invalidSize(what: "contact sheet grid", width: columns, height: rows)
        }
        guard tileWidth <= limit, tileHeight <= limit else {
            throw .invalidSize(what: "tile", width: tileWidth, height: tileHeight)
        }
        let width = columns * tileWidth * scale + (columns + 1) * separatorWidth
        let height = rows * tileHeight * scale + (rows + 1) * separatorWidth
        guard width <= Int(Int32.max), height <= Int(Int32.max),
            let bytes = Canvas.byteCount(width: width, height: height),
            bytes < Int(UInt32.max) / 2
        else { throw .invalidSize(what: "contact sheet image", width: width, height: height) }

        self.rows = rows
        self.columns = columns
        self.tileWidth = tileWidth
        self.tileHeight = tileHeight
        self.scale = scale
        self.separatorWidth = separatorWidth
        self.separatorColor = separatorColor
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: bytes)
        for offset in stride(from: 0, to: bytes, by: 3) {
            pixels[offset] = separatorColor.red
            pixels[offset + 1] = separatorColor.green
            pixels[offset + 2] = separatorColor.blue
        }
        self.pixels = pixels
    }

    /// The image coordinates `(x, y)` of the top-left pixel of cell `row`, `column`.
    public func origin(row: Int, column: Int) -> (x: Int, y: Int) {
        (
            separatorWidth + column * (tileWidth * scale + separatorWidth),
            separatorWidth + row * (tileHeight * scale + separatorWidth)
        )
    }

    /// Copies one tile (``tileByteCount`` bytes, HWC RGB) into cell `row`, `column`, magnified by ``scale``.
    ///
    /// - Throws: ``RenderingError/tileOutOfGrid(row:column:rows:columns:)``,
    ///   ``RenderingError/bufferSizeMismatch(expected:actual:)`` unless `tile.count == tileByteCount`.
    /// - Complexity: O(`tileByteCount * scale^2`).
    public mutating func place(_ tile: UnsafeBufferPointer<UInt8>, row: Int, column: Int) throws(RenderingError) {
        guard (0..<rows).contains(row), (0..<columns).contains(column) else {
            throw .tileOutOfGrid(row: row, column: column, rows: rows, columns: columns)
        }
        guard tile.count == tileByteCount else {
            throw .bufferSizeMismatch(expected: tileByteCount, actual: tile.count)
        }
        let (x0, y0) = origin(row: row, column: column)
        let (width, tileWidth, tileHeight, scale) = (self.width, self.tileWidth, self.tileHeight, self.scale)
        pixels.withUnsafeMutableBufferPointer { image in
            for sourceRow in 0..<tileHeight {
                for sourceColumn in 0..<tileWidth {
                    let source = (sourceRow * tileWidth + sourceColumn) * 3
                    for dy in 0..<scale {
                        var target = ((y0 + sourceRow * scale + dy) * width + x0 + sourceColumn * scale) * 3
                        for _ in 0..<scale {
                            image[target] = tile[source]
                            image[target + 1] = tile[source + 1]
                            image[target + 2] = tile[source + 2]
                            target += 3
                        }
                    }
                }
            }
        }
    }

    /// Copies one tile held in an array; see ``place(_:row:column:)-(UnsafeBufferPointer<UInt8>,_,_)``.
    public mutating func place(_ tile: [UInt8], row: Int, column: Int) throws(RenderingError) {
        try tile.withUnsafeBufferPointer { (buffer) throws(RenderingError) in
            try place(buffer, row: row, column: column)
        }
    }

    /// Places consecutive frames of a video (`[T, tileHeight, tileWidth, 3]` bytes: a whole number of tiles)
    /// along row `row`, frame `firstFrame + k * frameStride` in column `k`, until the row or the video ends.
    ///
    /// - Throws: ``RenderingError/tileOutOfGrid(row:column:rows:columns:)`` for a row outside the grid;
    ///   ``RenderingError/bufferSizeMismatch(expected:actual:)`` when the video is not whole frames;
    ///   ``RenderingError/invalidParameter(name:value:allowed:)`` for a negative `firstFrame` or a `frameStride`
    ///   below 1.
    public mutating func placeSequence(
        _ video: [UInt8], inRow row: Int, firstFrame: Int = 0, frameStride: Int = 1
    ) throws(RenderingError) {
        guard (0..<rows).contains(row) else { throw .tileOutOfGrid(row: row, column: 0, rows: rows, columns: columns) }
        guard video.count % tileByteCount == 0 else {
            throw .bufferSizeMismatch(expected: (video.count / tileByteCount + 1) * tileByteCount, actual: video.count)
        }
        guard firstFrame >= 0 else {
            throw .invalidParameter(name: "firstFrame", value: firstFrame, allowed: 0...Int.max)
        }
        guard frameStride >= 1 else {
            throw .invalidParameter(name: "frameStride", value: frameStride, allowed: 1...Int.max)
        }
        let frameCount = video.count / tileByteCount
        let bytes = tileByteCount
        try video.withUnsafeBufferPointer { (all) throws(RenderingError) in
            var frame = firstFrame
            var column = 0
            while column < columns, frame < frameCount {
                try place(
                    UnsafeBufferPointer(rebasing: all[frame * bytes..<(frame + 1) * bytes]), row: row, column: column)
                column += 1
                frame += frameStride
            }
        }
    }

    /// The sheet as a PNG file's bytes; see ``PNGEncoder``.
    public func pngData(encoder: PNGEncoder = PNGEncoder()) throws(RenderingError) -> [UInt8] {
        try encoder.encode(pixels, width: width, height: height, colorType: .rgb)
    }

    /// Writes the sheet as a PNG file at `path`, replacing any file there.
    public func writePNG(toFileAt path: String, encoder: PNGEncoder = PNGEncoder()) throws(RenderingError) {
        try encoder.write(pixels, width: width, height: height, colorType: .rgb, toFileAt: path)
    }
}
