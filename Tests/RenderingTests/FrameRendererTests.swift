import Foundation
import Testing

@testable import Rendering

/// The coverage of each pixel recovered from a frame of a white disc on black: the red byte over 255.
private func coverageMap(_ frame: [UInt8]) -> [Double] {
    stride(from: 0, to: frame.count, by: 3).map { Double(frame[$0]) / 255 }
}

private let black = RGBColor(red: 0, green: 0, blue: 0)

@Suite("Frame renderer: soft discs")
struct FrameRendererTests {
    let canvas: Canvas
    let renderer: FrameRenderer

    init() throws {
        canvas = try Canvas(width: 32, height: 32, halfWidth: 2)
        renderer = FrameRenderer(canvas: canvas)
    }

    func pixel(_ frame: [UInt8], column: Int, row: Int, width: Int = 32) -> RGBColor {
        let offset = (row * width + column) * 3
        return RGBColor(red: frame[offset], green: frame[offset + 1], blue: frame[offset + 2])
    }

    @Test func emptySceneIsExactlyTheBackground() {
        let frame = renderer.frame([])
        #expect(frame.count == 32 * 32 * 3)
        #expect((0..<32 * 32).allSatisfy { pixel(frame, column: $0 % 32, row: $0 / 32) == .background })
    }

    /// The centre of a disc has exactly its colour, pixels beyond its soft edge exactly the background.
    @Test func centreAndFarPixelsAreExact() {
        let disc = Disc(center: SIMD2(0.5, -0.5), radius: Disc.radius(forMass: 0.5), color: .bodyYellow)
        let frame = renderer.frame([disc])
        // World (0.5, -0.5) is pixel position (20, 20): the four pixels around it are deep inside the disc.
        for (column, row) in [(19, 19), (20, 20), (19, 20), (20, 19)] {
            #expect(pixel(frame, column: column, row: row) == .bodyYellow)
        }
        for (column, row) in [(0, 0), (31, 31), (15, 15), (24, 20), (20, 24)] {
            #expect(pixel(frame, column: column, row: row) == .background)
        }
    }

    /// Summed coverage is the disc's area, pi r^2 + pi / 12 px^2 (the linear ramp's curvature term), for several
    /// radii and sub-pixel centres.
    @Test(
        arguments: [1.0, 1.5, 2.5, 3.19, 5, 8.3],
        [SIMD2<Double>(0, 0), SIMD2(0.25, 0.1), SIMD2(0.5, 0.5), SIMD2(0.37, 0.81)])
    func coverageSumsToTheArea(radiusInPixels: Double, subPixelOffset: SIMD2<Double>) throws {
        let big = try Canvas(width: 40, height: 40, halfWidth: 5)  // 4 pixels per unit
        let center = big.worldPosition(ofPixel: SIMD2(20, 20) + subPixelOffset)
        let disc = Disc(center: center, radius: radiusInPixels / big.pixelsPerUnit, color: .white)
        let coverage = coverageMap(FrameRenderer(canvas: big, background: black).frame([disc]))
        let area = coverage.reduce(0, +)
        let expected = Double.pi * radiusInPixels * radiusInPixels + Double.pi / 12
        #expect(abs(area - expected) <= 0.25 + 0.08 * radiusInPixels, "area \(area), expected \(expected)")
    }

    /// Every pixel's coverage is the soft-edge ramp of its centre's distance to the boundary, to byte rounding:
    /// full inside r - 1/2, none beyond r + 1/2, partial in between, and partial pixels do occur.
    @Test(arguments: [SIMD2<Double>(0, 0), SIMD2(0.13, -0.41), SIMD2(-1.1, 0.7)])
    func edgesAreAntiAliased(center: SIMD2<Double>) {
        let radius = 0.45  // 3.6 pixels
        let frame = FrameRenderer(canvas: canvas, background: black).frame([
            Disc(center: center, radius: radius, color: .white)
        ])
        let coverage = coverageMap(frame)
        var partial = 0
        for row in 0..<32 {
            for column in 0..<32 {
                let offset = SIMD2(Double(column) + 0.5, Double(row) + 0.5) - canvas.pixelPosition(of: center)
                let distance = (offset * offset).sum().squareRoot()
                let expected = min(max(radius * canvas.pixelsPerUnit - distance + 0.5, 0), 1)
                #expect(abs(coverage[row * 32 + column] - expected) <= 0.5 / 255 + 1e-12)
                if expected > 0 && expected < 1 { partial += 1 }
            }
        }
        // Partial pixels lie in a ring one pixel wide: about 2 pi r of them.
        #expect(Double(partial) > 2 * .pi * radius * canvas.pixelsPerUnit * 0.7)
        #expect(Double(partial) < 2 * .pi * radius * canvas.pixelsPerUnit * 1.5)
    }

    /// Partial pixels are the alpha blend of disc over background, rounded to the nearest byte.
    @Test func partialPixelsBlendOverTheBackground() {
        let center = SIMD2(0.1, 0.2)
        let disc = Disc(center: center, radius: 0.4, color: .bodyRed)
        let frame = renderer.frame([disc])
        var checked = 0
        for row in 0..<32 {
            for column in 0..<32 {
                let offset = SIMD2(Double(column) + 0.5, Double(row) + 0.5) - canvas.pixelPosition(of: center)
                let coverage = SoftEdge.coverage(insideDistance: 0.4 * 8 - (offset * offset).sum().squareRoot())
                let background = SIMD3<Double>(81, 88, 93)
                let blended = background + (SIMD3(173, 0, 0) - background) * coverage
                let expected = RGBColor(
                    red: UInt8(blended.x.rounded()), green: UInt8(blended.y.rounded()), blue: UInt8(blended.z.rounded())
                )
                #expect(pixel(frame, column: column, row: row) == expected)
                if coverage > 0 && coverage < 1 { checked += 1 }
            }
        }
        #expect(checked > 10)
    }

    /// A centred disc is symmetric under left-right and up-down reflection and under transposition, byte for byte.
    @Test(arguments: [0.3, 0.4, 0.77, 1.5])
    func centredDiscIsSymmetric(radius: Double) {
        let frame = renderer.frame([Disc(center: .zero, radius: radius, color: .bodyGreen)])
        for row in 0..<32 {
            for column in 0..<32 {
                let here = pixel(frame, column: column, row: row)
                #expect(here == pixel(frame, column: 31 - column, row: row))
                #expect(here == pixel(frame, column: column, row: 31 - row))
                #expect(here == pixel(frame, column: row, row: column))
            }
        }
    }

    /// World up is image up and world right is image right.
    @Test func orientation() {
        let up = renderer.frame([Disc(center: SIMD2(0, 1.2), radius: 0.3, color: .white)])
        #expect(pixel(up, column: 15, row: 6) == .white)  // world (0, 1.2) is pixel (16, 6.4)
        #expect(pixel(up, column: 15, row: 25) == .background)
        let right = renderer.frame([Disc(center: SIMD2(1.2, 0), radius: 0.3, color: .white)])
        #expect(pixel(right, column: 25, row: 15) == .white)
        #expect(pixel(right, column: 6, row: 15) == .background)
    }

    /// Discs are composited in order: the later one covers the earlier where they overlap.
    @Test func laterDiscsAreOnTop() {
        let a = Disc(center: SIMD2(-0.2, 0), radius: 0.5, color: .bodyYellow)
        let b = Disc(center: SIMD2(0.2, 0), radius: 0.5, color: .bodyRed)
        #expect(pixel(renderer.frame([a, b]), column: 16, row: 16) == .bodyRed)
        #expect(pixel(renderer.frame([b, a]), column: 16, row: 16) == .bodyYellow)
    }

    /// The same inputs give the same bytes, whatever the buffer held before.
    @Test func deterministicAndOverwritesTheWholeFrame() {
        let discs = RGBColor.palette(count: 3).enumerated().map { index, color in
            Disc(center: SIMD2(Double(index) * 0.7 - 0.7, 0.3 * Double(index)), radius: 0.45, color: color)
        }
        let reference = renderer.frame(discs)
        var garbage = testBytes(count: canvas.frameByteCount, seed: 7)
        garbage.withUnsafeMutableBufferPointer { renderer.render(discs, into: $0) }
        #expect(garbage == reference)
        #expect(renderer.frame(discs) == reference)
    }

    /// Frames rendered into consecutive slices of one [T, H, W, 3] buffer equal frames rendered alone.
    @Test func rendersIntoSlicesOfAVideoBuffer() {
        let bytes = canvas.frameByteCount
        let positions = (0..<4).map { SIMD2(cos(Double($0)), sin(Double($0))) }
        var video = [UInt8](repeating: 0, count: 4 * bytes)
        var discs = [Disc(center: .zero, radius: Disc.radius(forMass: 0.5), color: .bodyYellow)]
        video.withUnsafeMutableBufferPointer { all in
            for t in 0..<4 {
                discs[0].center = positions[t]
                renderer.render(discs, into: UnsafeMutableBufferPointer(rebasing: all[t * bytes..<(t + 1) * bytes]))
            }
        }
        for t in 0..<4 {
            discs[0].center = positions[t]
            #expect(Array(video[t * bytes..<(t + 1) * bytes]) == renderer.frame(discs))
        }
    }

    /// A disc that passes the in-view check is drawn whole, soft edge included: touching the border, it has the same
    /// coverage as the same disc moved inwards by whole pixels. Discs out of view or with non-finite values draw
    /// nothing, and never trap.
    @Test func inViewDiscsAreWholeAndOthersAreClipped() {
        let blackRenderer = FrameRenderer(canvas: canvas, background: black)
        let radius = 0.4
        let touching = Disc(center: SIMD2(2 - radius, -(2 - radius)), radius: radius, color: .white)
        #expect(canvas.contains(touching))
        let edge = coverageMap(blackRenderer.frame([touching]))
        #expect(edge[28 * 32 + 31] > 0.9)  // the rightmost column is reached: its centre lies inside the disc
        let moved = Disc(center: touching.center + SIMD2(-1.5, 1.5), radius: radius, color: .white)  // 12 px inwards
        let middle = coverageMap(blackRenderer.frame([moved]))
        #expect(abs(edge.reduce(0, +) - middle.reduce(0, +)) < 0.05)

        let empty = blackRenderer.frame([])
        for disc in [
            Disc(center: SIMD2(5, 0), radius: 0.4, color: .white),
            Disc(center: SIMD2(-1e300, 1e300), radius: 1, color: .white),
            Disc(center: SIMD2(.nan, 0), radius: 0.4, color: .white),
            Disc(center: .zero, radius: .infinity, color: .white),
            Disc(center: .zero, radius: -1, color: .white), Disc(center: .zero, radius: 0, color: .white),
        ] {
            #expect(blackRenderer.frame([disc]) == empty, "\(disc)")
        }
        let corner = coverageMap(blackRenderer.frame([Disc(center: SIMD2(2, 2), radius: 0.5, color: .white)]))
        #expect(corner[31] == 1)  // the top-right pixel is covered, the rest of the disc is clipped away
        #expect(abs(corner.reduce(0, +) - (Double.pi * 16 + Double.pi / 12) / 4) < 0.5)
    }

    /// The look is resolution-independent: the same world disc covers the same world area at 32 and 128 pixels.
    @Test func sameWorldAreaAtEveryResolution() throws {
        let disc = Disc(center: SIMD2(0.31, -0.17), radius: Disc.radius(forMass: 0.5), color: .white)
        var areas: [Double] = []
        for size in [32, 64, 128] {
            let view = try Canvas(width: size, height: size, halfWidth: 2)
            let coverage = coverageMap(FrameRenderer(canvas: view, background: black).frame([disc]))
            areas.append(coverage.reduce(0, +) / (view.pixelsPerUnit * view.pixelsPerUnit))
        }
        for area in areas { #expect(abs(area - 0.5) < 0.02, "world area \(area) for mass 0.5") }
    }
}
