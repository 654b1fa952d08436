import Testing
import TestingSupport

@testable import Rendering

@Suite("Contact sheet")
struct ContactSheetTests {
    func pixel(_ sheet: ContactSheet, x: Int, y: Int) -> RGBColor {
        let offset = (y * sheet.width + x) * 3
        return RGBColor(red: sheet.pixels[offset], green: sheet.pixels[offset + 1], blue: sheet.pixels[offset + 2])
    }

    /// A tile whose every pixel is distinct: red = column, green = row, blue = tag.
    func tile(width: Int, height: Int, tag: UInt8) -> [UInt8] {
        (0..<height).flatMap { row in (0..<width).flatMap { column in [UInt8(column), UInt8(row), tag] } }
    }

    @Test func sizeFollowsTheLayoutFormula() throws {
        let sheet = try ContactSheet(rows: 2, columns: 3, tileWidth: 4, tileHeight: 5, scale: 2, separatorWidth: 1)
        #expect(sheet.width == 3 * 4 * 2 + 4 * 1)
        #expect(sheet.height == 2 * 5 * 2 + 3 * 1)
        #expect(sheet.pixels.count == sheet.width * sheet.height * 3)
        #expect(sheet.origin(row: 1, column: 2) == (x: 1 + 2 * 9, y: 1 + 1 * 11))
    }

    /// Each source pixel becomes a scale x scale block at its cell's origin; separators and empty cells keep the
    /// separator colour.
    @Test(arguments: [(1, 0), (1, 2), (3, 1), (4, 2)])
    func tilesAreMagnifiedIntoTheirCells(scale: Int, separatorWidth: Int) throws {
        let grey = RGBColor(red: 9, green: 9, blue: 9)
        var sheet = try ContactSheet(
            rows: 2, columns: 2, tileWidth: 3, tileHeight: 2, scale: scale, separatorWidth: separatorWidth,
            separatorColor: grey)
        try sheet.place(tile(width: 3, height: 2, tag: 100), row: 0, column: 1)
        try sheet.place(tile(width: 3, height: 2, tag: 200), row: 1, column: 0)

        var owner = [[Int?]](repeating: [Int?](repeating: nil, count: sheet.width), count: sheet.height)
        for (row, column, tag) in [(0, 1, 100), (1, 0, 200)] {
            let (x0, y0) = sheet.origin(row: row, column: column)
            for y in 0..<2 * scale {
                for x in 0..<3 * scale {
                    #expect(
                        pixel(sheet, x: x0 + x, y: y0 + y)
                            == RGBColor(red: UInt8(x / scale), green: UInt8(y / scale), blue: UInt8(tag)))
                    owner[y0 + y][x0 + x] = tag
                }
            }
        }
        for y in 0..<sheet.height {
            for x in 0..<sheet.width where owner[y][x] == nil {
                #expect(pixel(sheet, x: x, y: y) == grey)
            }
        }
    }

    /// Frames of a video fill a row from the left, `firstFrame` and `frameStride` choosing which.
    @Test func sequencesFillRows() throws {
        var sheet = try ContactSheet(rows: 2, columns: 3, tileWidth: 2, tileHeight: 2, separatorWidth: 1)
        let video = (0..<5).flatMap { frame in [UInt8](repeating: UInt8(10 * frame), count: 2 * 2 * 3) }
        try sheet.placeSequence(video, inRow: 0)
        try sheet.placeSequence(video, inRow: 1, firstFrame: 1, frameStride: 2)
        func shown(_ row: Int, _ column: Int) -> UInt8 {
            let (x, y) = sheet.origin(row: row, column: column)
            return pixel(sheet, x: x + 1, y: y + 1).red
        }
        #expect([shown(0, 0), shown(0, 1), shown(0, 2)] == [0, 10, 20])
        #expect([shown(1, 0), shown(1, 1)] == [10, 30])
        #expect(pixel(sheet, x: sheet.origin(row: 1, column: 2).x, y: sheet.origin(row: 1, column: 2).y) == .white)
    }

    @Test func mistakesAreTypedErrors() throws {
        var sheet = try ContactSheet(rows: 1, columns: 2, tileWidth: 2, tileHeight: 2)
        #expect(throws: RenderingError.tileOutOfGrid(row: 1, column: 0, rows: 1, columns: 2)) {
            try sheet.place([UInt8](repeating: 0, count: 12), row: 1, column: 0)
        }
        #expect(throws: RenderingError.bufferSizeMismatch(expected: 12, actual: 11)) {
            try sheet.place([UInt8](repeating: 0, count: 11), row: 0, column: 0)
        }
        #expect(throws: RenderingError.invalidParameter(name: "scale", value: 0, allowed: 1...64)) {
            try ContactSheet(rows: 1, columns: 1, tileWidth: 2, tileHeight: 2, scale: 0)
        }
        #expect(throws: RenderingError.invalidSize(what: "contact sheet grid", width: 0, height: 1)) {
            try ContactSheet(rows: 1, columns: 0, tileWidth: 2, tileHeight: 2)
        }
        #expect(throws: RenderingError.invalidSize(what: "tile", width: Int.max, height: 2)) {
            try ContactSheet(rows: 1, columns: Int(1) << 20, tileWidth: Int.max, tileHeight: 2)
        }
        #expect(
            throws: RenderingError.invalidSize(
                what: "contact sheet image", width: 65 * 30_001 + 66, height: 30_002 * 2 + 30_003)
        ) {
            try ContactSheet(rows: 30_002, columns: 65, tileWidth: 30_001, tileHeight: 2)
        }
    }

    /// The sheet's PNG decodes to its pixels: rendered frames at scale 4, ready for a person to look at.
    @Test func pngOfRenderedFrames() throws {
        let renderer = FrameRenderer(canvas: try Canvas(width: 8, height: 8, halfWidth: 2))
        var sheet = try ContactSheet(rows: 1, columns: 3, tileWidth: 8, tileHeight: 8, scale: 4, separatorWidth: 2)
        for column in 0..<3 {
            let disc = Disc(
                center: SIMD2(Double(column) - 1, 0), radius: 0.6, color: RGBColor.palette(count: 3)[column])
            try sheet.place(renderer.frame([disc]), row: 0, column: column)
        }
        let decoded = try DecodedPNG(try sheet.pngData())
        #expect(decoded.width == sheet.width && decoded.height == sheet.height)
        #expect(decoded.pixels == sheet.pixels)
    }
}
