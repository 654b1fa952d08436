import Foundation
import Testing

@testable import Rendering

/// Timings, not proofs: skipped unless `HAMILTONIAN_BENCHMARKS=1`. Run in a release build, one suite at a time:
/// `swift build -c release --build-tests -Xswiftc -enable-testing`, then
/// `HAMILTONIAN_BENCHMARKS=1 swift test -c release --skip-build --filter RenderingBenchmarks`.
@Suite(
    "Rendering benchmarks", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["HAMILTONIAN_BENCHMARKS"] == "1"))
struct RenderingBenchmarks {
    /// Microseconds per 32 x 32 frame for 1, 2 and 3 bodies moving on a circle, rendered into a video buffer.
    @Test(arguments: [(2.0, [0.5]), (3.0, [1.0, 1.0]), (3.0, [1.0, 1.0, 1.0])])
    func framesPerSecond(halfWidth: Double, masses: [Double]) throws {
        let canvas = try Canvas(width: 32, height: 32, halfWidth: halfWidth)
        let renderer = FrameRenderer(canvas: canvas)
        let colors = RGBColor.palette(count: masses.count)
        var discs = masses.indices.map {
            Disc(center: .zero, radius: Disc.radius(forMass: masses[$0]), color: colors[$0])
        }
        let (frameCount, slots, bytes) = (200_000, 100, canvas.frameByteCount)
        var video = [UInt8](repeating: 0, count: slots * bytes)
        let start = ContinuousClock.now
        video.withUnsafeMutableBufferPointer { all in
            for frame in 0..<frameCount {
                for body in discs.indices {
                    let phase = Double(frame) * 0.01 + Double(body) * 2 * .pi / 3
                    discs[body].center = SIMD2(cos(phase), sin(phase)) * halfWidth / 2
                }
                let slot = frame % slots
                renderer.render(
                    discs, into: UnsafeMutableBufferPointer(rebasing: all[slot * bytes..<(slot + 1) * bytes]))
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print(
            "render 32x32, \(masses.count) disc(s): \(String(format: "%.2f", seconds / Double(frameCount) * 1e6)) us/frame"
        )
    }

    /// Encoding time of a contact sheet of 8 x 16 frames at scale 4 (about 0.5 megapixels).
    @Test func contactSheetPNG() throws {
        let renderer = FrameRenderer(canvas: try Canvas(width: 32, height: 32, halfWidth: 2))
        var sheet = try ContactSheet(rows: 8, columns: 16, tileWidth: 32, tileHeight: 32, scale: 4)
        for row in 0..<8 {
            for column in 0..<16 {
                let phase = Double(row) + Double(column) * 0.3
                let disc = Disc(
                    center: SIMD2(sin(phase), -cos(phase)), radius: Disc.radius(forMass: 0.5), color: .bodyYellow)
                try sheet.place(renderer.frame([disc]), row: row, column: column)
            }
        }
        let start = ContinuousClock.now
        let png = try sheet.pngData()
        print("contact sheet \(sheet.width)x\(sheet.height): PNG \(png.count) bytes in \(ContinuousClock.now - start)")
    }
}
