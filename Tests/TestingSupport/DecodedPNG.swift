import CZlib

/// A minimal PNG reader for the tests of every module that writes PNG files (a library target only test targets
/// depend on, so that they share one reader): splits the chunks, checks each CRC with an independent bitwise CRC-32,
/// inflates `IDAT` with zlib and undoes the five row filters. Only what ``PNGEncoder`` writes (8-bit grey or RGB,
/// not interlaced).
public struct DecodedPNG {
    public struct Chunk {
        public var type: String
        public var data: [UInt8]
        public var storedCRC: UInt32
    }

    public enum Failure: Error {
        case badSignature, truncated
        case badCRC(String)
        case inflateFailed(Int32)
        case badFilter(UInt8)
        case unsupported
    }

    public var chunks: [Chunk] = []
    public var width = 0
    public var height = 0
    public var bitDepth: UInt8 = 0
    public var colorType: UInt8 = 0
    public var compressionMethod: UInt8 = 0
    public var filterMethod: UInt8 = 0
    public var interlaceMethod: UInt8 = 0
    /// Filter type byte of each row, as stored.
    public var rowFilterTypes: [UInt8] = []
    public var pixels: [UInt8] = []

    public var channels: Int { colorType == 2 ? 3 : 1 }

    public init(_ file: [UInt8]) throws {
        guard file.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure.badSignature }
        var offset = 8
        func bigEndian(_ at: Int) -> UInt32 {
            file[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        while offset < file.count {
            guard offset + 12 <= file.count else { throw Failure.truncated }
            let length = Int(bigEndian(offset))
            guard offset + 12 + length <= file.count else { throw Failure.truncated }
            let typeAndData = Array(file[offset + 4..<offset + 8 + length])
            let chunk = Chunk(
                type: String(decoding: typeAndData.prefix(4), as: UTF8.self), data: Array(typeAndData.dropFirst(4)),
                storedCRC: bigEndian(offset + 8 + length))
            guard bitwiseCRC32(typeAndData) == chunk.storedCRC else { throw Failure.badCRC(chunk.type) }
            chunks.append(chunk)
            offset += 12 + length
        }
        guard let header = chunks.first, header.type == "IHDR", header.data.count == 13 else {
            throw Failure.unsupported
        }
        let h = header.data
        width = Int(h[0..<4].reduce(0) { $0 << 8 | UInt32($1) })
        height = Int(h[4..<8].reduce(0) { $0 << 8 | UInt32($1) })
        (bitDepth, colorType, compressionMethod, filterMethod, interlaceMethod) = (h[8], h[9], h[10], h[11], h[12])
        guard bitDepth == 8, colorType == 0 || colorType == 2, interlaceMethod == 0 else { throw Failure.unsupported }

        let compressed = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        let rowBytes = width * channels
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        var rawLength = uLong(raw.count)
        let code = raw.withUnsafeMutableBufferPointer { out in
            compressed.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &rawLength, input.baseAddress, uLong(input.count))
            }
        }
        guard code == Z_OK, Int(rawLength) == raw.count else { throw Failure.inflateFailed(code) }

        pixels = [UInt8](repeating: 0, count: rowBytes * height)
        let bpp = channels
        for row in 0..<height {
            let type = raw[row * (rowBytes + 1)]
            rowFilterTypes.append(type)
            for i in 0..<rowBytes {
                let x = raw[row * (rowBytes + 1) + 1 + i]
                let a = i >= bpp ? pixels[row * rowBytes + i - bpp] : 0
                let b = row > 0 ? pixels[(row - 1) * rowBytes + i] : 0
                let c = i >= bpp && row > 0 ? pixels[(row - 1) * rowBytes + i - bpp] : 0
                let predictor: UInt8
                switch type {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = UInt8((Int(a) + Int(b)) / 2)
                case 4:
                    let p = Int(a) + Int(b) - Int(c)
                    let (pa, pb, pc) = (abs(p - Int(a)), abs(p - Int(b)), abs(p - Int(c)))
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure.badFilter(type)
                }
                pixels[row * rowBytes + i] = x &+ predictor
            }
        }
    }
}

/// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320) computed bit by bit, independent of zlib's table.
public func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
    }
    return ~crc
}
