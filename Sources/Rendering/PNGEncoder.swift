import CZlib
import Foundation
import Support

/// Writes 8-bit RGB or greyscale PNG images: signature, `IHDR`, one `IDAT` compressed with zlib, `IEND`, each chunk
/// closed by its CRC-32.
///
/// Input pixels are rows top to bottom, pixels left to right, channels interleaved (HWC), exactly what
/// ``FrameRenderer`` and ``ContactSheet`` produce. Non-interlaced, no gamma or colour-profile chunks.
public struct PNGEncoder: Sendable {
    /// The pixel formats this encoder writes.
    public enum ColorType: Sendable {
        /// One byte per pixel, 0 black to 255 white (PNG colour type 0).
        case grey
        /// Three bytes per pixel, red, green, blue (PNG colour type 2).
        case rgb

        /// Bytes per pixel.
        public var channels: Int {
            switch self {
            case .grey: 1
            case .rgb: 3
            }
        }

        var pngCode: UInt8 {
            switch self {
            case .grey: 0
            case .rgb: 2
            }
        }
    }

    /// How each row is transformed before compression, to make it compress better (PNG filter method 0).
    public enum RowFilter: Sendable, CaseIterable {
        /// Bytes as they are (filter type 0).
        case none
        /// Difference from the byte one pixel to the left (type 1).
        case sub
        /// Difference from the byte one row up (type 2).
        case up
        /// Difference from the mean of left and up (type 3).
        case average
        /// Difference from the Paeth predictor of left, up and up-left (type 4).
        case paeth
        /// Per row, the one of the five above whose output has the smallest sum of absolute values (taken as signed
        /// bytes), the heuristic that the PNG specification recommends.
        case adaptive
    }

    /// zlib compression level, 0 (store) to 9 (smallest).
    public var compressionLevel: Int
    /// The row filter.
    public var rowFilter: RowFilter

    /// Creates an encoder with a zlib `compressionLevel` (0 to 9, default 6) and a `rowFilter` (default adaptive).
    ///
    /// - Precondition: `compressionLevel` in 0...9.
    public init(compressionLevel: Int = 6, rowFilter: RowFilter = .adaptive) {
        precondition((0...9).contains(compressionLevel), "PNG compression level must be in 0...9")
        self.compressionLevel = compressionLevel
        self.rowFilter = rowFilter
    }

    /// The PNG file, as bytes, of an image of `width` x `height` pixels.
    ///
    /// - Throws: ``RenderingError/invalidSize(what:width:height:)`` for sides outside 1...2^31 - 1,
    ///   ``RenderingError/bufferSizeMismatch(expected:actual:)`` unless `pixels.count == width * height * channels`,
    ///   ``RenderingError/compressionFailed(zlibCode:)`` if zlib fails.
    /// - Complexity: O(`pixels.count`) time and memory.
    public func encode(
        _ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, colorType: ColorType
    ) throws(RenderingError) -> [UInt8] {
        let maxSide = Int(Int32.max)
        guard (1...maxSide).contains(width), (1...maxSide).contains(height) else {
            throw .invalidSize(what: "PNG image", width: width, height: height)
        }
        let (rowBytes, overflowRow) = width.multipliedReportingOverflow(by: colorType.channels)
        let (imageBytes, overflowImage) = rowBytes.multipliedReportingOverflow(by: height)
        guard !overflowRow, !overflowImage, imageBytes < Int(UInt32.max) / 2 else {
            throw .invalidSize(what: "PNG image", width: width, height: height)
        }
        guard pixels.count == imageBytes else {
            throw .bufferSizeMismatch(expected: imageBytes, actual: pixels.count)
        }

        let filtered = filterRows(pixels, rowBytes: rowBytes, height: height, bytesPerPixel: colorType.channels)
        let compressed = try deflate(filtered)

        var header = [UInt8]()
        header.reserveCapacity(13)
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, colorType.pngCode, 0, 0, 0]  // bit depth, colour type, compression, filter, interlace

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(compressed.count + 64)
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", compressed)
        png.appendChunk("IEND", [])
        return png
    }

    /// The PNG file, as bytes, of an image held in an array; see ``encode(_:width:height:colorType:)``.
    public func encode(
        _ pixels: [UInt8], width: Int, height: Int, colorType: ColorType
    ) throws(RenderingError) -> [UInt8] {
        try pixels.withUnsafeBufferPointer { (buffer) throws(RenderingError) in
            try encode(buffer, width: width, height: height, colorType: colorType)
        }
    }

    /// Encodes an image and writes it to `path`, replacing any file there.
    ///
    /// - Throws: the errors of ``encode(_:width:height:colorType:)``, and ``RenderingError/cannotWrite(path:reason:)``.
    public func write(
        _ pixels: [UInt8], width: Int, height: Int, colorType: ColorType, toFileAt path: String
    ) throws(RenderingError) {
        let png = try encode(pixels, width: width, height: height, colorType: colorType)
        do {
            try AtomicFile.write(Data(png), to: path)
        } catch {
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }

    /// The scanlines of the image, each prefixed by its filter type byte.
    private func filterRows(
        _ pixels: UnsafeBufferPointer<UInt8>, rowBytes: Int, height: Int, bytesPerPixel: Int
    ) -> [UInt8] {
        let zeroRow = [UInt8](repeating: 0, count: rowBytes)
        var out = [UInt8]()
        out.reserveCapacity((rowBytes + 1) * height)
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        var best = [UInt8](repeating: 0, count: rowBytes)
        zeroRow.withUnsafeBufferPointer { zero in
            for row in 0..<height {
                let current = UnsafeBufferPointer(rebasing: pixels[row * rowBytes..<(row + 1) * rowBytes])
                let above =
                    row == 0 ? zero : UnsafeBufferPointer(rebasing: pixels[(row - 1) * rowBytes..<row * rowBytes])
                let filters: [RowFilter] = rowFilter == .adaptive ? [.none, .sub, .up, .average, .paeth] : [rowFilter]
                var bestType: UInt8 = 0
                var bestCost = Int.max
                for filter in filters {
                    let type = PNGEncoder.apply(filter, current, above, bytesPerPixel, into: &candidate)
                    let cost = filters.count == 1 ? 0 : candidate.reduce(0) { $0 + abs(Int(Int8(bitPattern: $1))) }
                    if cost < bestCost {
                        bestCost = cost
                        bestType = type
                        swap(&best, &candidate)
                    }
                }
                out.append(bestType)
                out += best
            }
        }
        return out
    }

    /// Applies one filter to a row (`above` is all zeros for the first row); returns its PNG filter type.
    private static func apply(
        _ filter: RowFilter, _ row: UnsafeBufferPointer<UInt8>, _ above: UnsafeBufferPointer<UInt8>,
        _ bpp: Int, into out: inout [UInt8]
    ) -> UInt8 {
        func left(_ i: Int) -> UInt8 { i >= bpp ? row[i - bpp] : 0 }
        func upperLeft(_ i: Int) -> UInt8 { i >= bpp ? above[i - bpp] : 0 }
        switch filter {
        case .none, .adaptive:
            for i in row.indices { out[i] = row[i] }
            return 0
        case .sub:
            for i in row.indices { out[i] = row[i] &- left(i) }
            return 1
        case .up:
            for i in row.indices { out[i] = row[i] &- above[i] }
            return 2
        case .average:
            for i in row.indices { out[i] = row[i] &- UInt8((Int(left(i)) + Int(above[i])) / 2) }
            return 3
        case .paeth:
            for i in row.indices { out[i] = row[i] &- paethPredictor(left(i), above[i], upperLeft(i)) }
            return 4
        }
    }

    /// The PNG specification's Paeth predictor: of left `a`, up `b` and up-left `c`, the one nearest `a + b - c`
    /// (ties in the order a, b, c).
    static func paethPredictor(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let estimate = Int(a) + Int(b) - Int(c)
        let (da, db, dc) = (abs(estimate - Int(a)), abs(estimate - Int(b)), abs(estimate - Int(c)))
        if da <= db && da <= dc { return a }
        return db <= dc ? b : c
    }

    /// A zlib stream (header, deflate data, Adler-32) of `bytes`, as an `IDAT` chunk holds it.
    private func deflate(_ bytes: [UInt8]) throws(RenderingError) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let code = out.withUnsafeMutableBufferPointer { destination in
            bytes.withUnsafeBufferPointer { source in
                compress2(
                    destination.baseAddress, &capacity, source.baseAddress, uLong(source.count), Int32(compressionLevel)
                )
            }
        }
        guard code == Z_OK else { throw .compressionFailed(zlibCode: code) }
        out.removeLast(out.count - Int(capacity))
        return out
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF),
        ])
    }

    /// Appends a PNG chunk: length, type, data, CRC-32 of type and data.
    mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        let typeBytes = Array(type.utf8)
        precondition(typeBytes.count == 4, "PNG chunk types have four letters")
        appendBigEndian(UInt32(data.count))
        let body = typeBytes + data
        append(contentsOf: body)
        let checksum = body.withUnsafeBufferPointer { buffer in
            crc32(crc32(0, nil, 0), buffer.baseAddress, uInt(buffer.count))
        }
        appendBigEndian(UInt32(checksum))
    }
}
