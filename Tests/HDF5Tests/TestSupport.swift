import Foundation
import Testing

@testable import HDF5

/// A fresh directory under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "HDF5Tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path for `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A tiny deterministic generator (SplitMix64) so that test data never depends on global randomness.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// An element type with distinctive test values: index-dependent, exercising the sign, the high bits and fractions
/// where the type has them.
protocol TestSample: HDF5Scalar, Equatable {
    init(sampleBits bits: UInt64)
}

extension TestSample {
    /// `count` deterministic sample values.
    static func samples(_ count: Int, seed: UInt64 = 1) -> [Self] {
        var random = SplitMix64(state: seed)
        return (0..<count).map { _ in Self(sampleBits: random.next()) }
    }
}

extension UInt8: TestSample { init(sampleBits bits: UInt64) { self.init(truncatingIfNeeded: bits) } }
extension Int8: TestSample { init(sampleBits bits: UInt64) { self.init(truncatingIfNeeded: bits) } }
extension Int16: TestSample { init(sampleBits bits: UInt64) { self.init(truncatingIfNeeded: bits) } }
extension UInt16: TestSample { init(sampleBits bits: UInt64) { self.init(truncatingIfNeeded: bits) } }
extension Int32: TestSample { init(sampleBits bits: UInt64) { self.init(truncatingIfNeeded: bits) } }
extension UInt32: TestSample { init(sampleBits bits: UInt64) { self.init(truncatingIfNeeded: bits) } }
extension Int64: TestSample { init(sampleBits bits: UInt64) { self.init(bitPattern: bits) } }
extension UInt64: TestSample { init(sampleBits bits: UInt64) { self = bits } }
extension Int: TestSample { init(sampleBits bits: UInt64) { self.init(Int64(bitPattern: bits)) } }
extension Float: TestSample { init(sampleBits bits: UInt64) { self = Float(Int64(bitPattern: bits) >> 40) / 7 } }
extension Double: TestSample { init(sampleBits bits: UInt64) { self = Double(Int64(bitPattern: bits)) / 3 } }

/// Rendered-frame-like uint8 RGB data: a grey background with a few soft (anti-aliased) discs moving frame to
/// frame, laid out [frames, height, width, 3].
func syntheticFrames(frames: Int, height: Int = 32, width: Int = 32, discs: Int = 3, seed: UInt64 = 7) -> [UInt8] {
    var random = SplitMix64(state: seed)
    let colours: [(Double, Double, Double)] = (0..<discs).map { _ in
        (random.unit() * 255, random.unit() * 255, random.unit() * 255)
    }
    let centres = (0..<discs).map { _ in (random.unit() * Double(width), random.unit() * Double(height)) }
    let velocities = (0..<discs).map { _ in (random.unit() - 0.5, random.unit() - 0.5) }
    let radius = Double(min(width, height)) / 8
    var pixels = [UInt8](repeating: 0, count: frames * height * width * 3)
    for frame in 0..<frames {
        for y in 0..<height {
            for x in 0..<width {
                var rgb = (128.0, 128.0, 128.0)
                for disc in 0..<discs {
                    let cx = centres[disc].0 + velocities[disc].0 * Double(frame)
                    let cy = centres[disc].1 + velocities[disc].1 * Double(frame)
                    let distance =
                        ((Double(x) + 0.5 - cx) * (Double(x) + 0.5 - cx)
                        + (Double(y) + 0.5 - cy) * (Double(y) + 0.5 - cy)).squareRoot()
                    let coverage = min(max(radius + 0.5 - distance, 0), 1)
                    rgb.0 += (colours[disc].0 - rgb.0) * coverage
                    rgb.1 += (colours[disc].1 - rgb.1) * coverage
                    rgb.2 += (colours[disc].2 - rgb.2) * coverage
                }
                let base = ((frame * height + y) * width + x) * 3
                pixels[base] = UInt8(rgb.0.rounded())
                pixels[base + 1] = UInt8(rgb.1.rounded())
                pixels[base + 2] = UInt8(rgb.2.rounded())
            }
        }
    }
    return pixels
}

/// The bytes of a file on disk.
func fileBytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}
