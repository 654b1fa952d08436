import Foundation
import Testing
import TestingSupport

@testable import Rendering

@Suite("PNG encoder")
struct PNGEncoderTests {
    /// Every filter and both colour types survive a round trip through an independent decoder, with the IHDR fields
    /// the specification requires. The image mixes noise with smooth gradients so that filters matter.
    @Test(arguments: PNGEncoder.RowFilter.allCases, [PNGEncoder.ColorType.rgb, .grey])
    func roundTrip(filter: PNGEncoder.RowFilter, colorType: PNGEncoder.ColorType) throws {
        let (width, height) = (13, 7)
        let count = width * height * colorType.channels
        let noise = testBytes(count: count, seed: 42)
        let pixels = (0..<count).map { $0 % 5 == 0 ? noise[$0] : UInt8(truncatingIfNeeded: $0 * 3) }
        let png = try PNGEncoder(rowFilter: filter).encode(pixels, width: width, height: height, colorType: colorType)
        let decoded = try DecodedPNG(png)

        #expect(decoded.chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.bitDepth == 8)
        #expect(decoded.colorType == (colorType == .rgb ? 2 : 0))
        #expect(decoded.compressionMethod == 0 && decoded.filterMethod == 0 && decoded.interlaceMethod == 0)
        #expect(decoded.pixels == pixels)
        let expectedTypes: Set<UInt8> =
            switch filter {
            case .none: [0]
            case .sub: [1]
            case .up: [2]
            case .average: [3]
            case .paeth: [4]
            case .adaptive: Set(decoded.rowFilterTypes)
            }
        #expect(Set(decoded.rowFilterTypes) == expectedTypes)
    }

    /// The CRC-32 of a chunk covers its type and data: IEND's is the constant AE 42 60 82 of the specification,
    /// and zlib's CRC agrees with a bitwise one (the decoder checks every chunk with it).
    @Test func chunkCRCs() throws {
        let png = try PNGEncoder().encode([1, 2, 3], width: 1, height: 1, colorType: .rgb)
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        #expect(bitwiseCRC32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(bitwiseCRC32(Array("123456789".utf8)) == 0xCBF4_3926)  // the standard check value
        _ = try DecodedPNG(png)
    }

    @Test func adaptiveFilteringShrinksSmoothImages() throws {
        let (width, height) = (64, 64)
        let gradient = (0..<width * height * 3).map {
            UInt8(truncatingIfNeeded: ($0 / 3) % width * 4 + $0 / (width * 3))
        }
        let plain = try PNGEncoder(rowFilter: .none).encode(gradient, width: width, height: height, colorType: .rgb)
        let adaptive = try PNGEncoder(rowFilter: .adaptive).encode(
            gradient, width: width, height: height, colorType: .rgb)
        #expect(adaptive.count < plain.count)
    }

    @Test(arguments: [
        (0, 0, 0, 0), (10, 20, 10, 20), (20, 10, 10, 20), (10, 10, 20, 10), (200, 10, 100, 100), (5, 9, 7, 7),
    ])
    func paethPredictor(a: UInt8, b: UInt8, c: UInt8, expected: UInt8) {
        #expect(PNGEncoder.paethPredictor(a, b, c) == expected)
    }

    @Test func wrongBufferSizeIsATypedError() {
        #expect(throws: RenderingError.bufferSizeMismatch(expected: 12, actual: 11)) {
            try PNGEncoder().encode([UInt8](repeating: 0, count: 11), width: 2, height: 2, colorType: .rgb)
        }
        #expect(throws: RenderingError.invalidSize(what: "PNG image", width: 0, height: 2)) {
            try PNGEncoder().encode([], width: 0, height: 2, colorType: .grey)
        }
    }

    @Test func writesAFileAndReportsUnwritablePaths() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("png-test-\(ProcessInfo.processInfo.processIdentifier).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pixels: [UInt8] = [0, 64, 128, 255]
        try PNGEncoder().write(pixels, width: 2, height: 2, colorType: .grey, toFileAt: path)
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try DecodedPNG(file).pixels == pixels)

        #expect {
            try PNGEncoder().write(pixels, width: 2, height: 2, colorType: .grey, toFileAt: "/nonexistent-dir/x.png")
        } throws: { error in
            guard case .cannotWrite(let reported, _) = error as? RenderingError else { return false }
            return reported == "/nonexistent-dir/x.png"
        }
    }
}
