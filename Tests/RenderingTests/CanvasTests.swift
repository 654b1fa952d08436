import Testing

@testable import Rendering

@Suite("Canvas: world to pixels")
struct CanvasTests {
    let canvas: Canvas

    init() throws {
        canvas = try Canvas(width: 32, height: 32, halfWidth: 2)
    }

    @Test func originMapsToTheCentreOfTheFrame() {
        #expect(canvas.pixelsPerUnit == 8)
        #expect(canvas.pixelPosition(of: .zero) == SIMD2(16, 16))
        #expect(canvas.frameByteCount == 32 * 32 * 3)
    }

    /// The corners of the world square are the corners of the frame, with world y up and pixel rows down.
    @Test(arguments: [
        (SIMD2<Double>(-2, 2), SIMD2<Double>(0, 0)),  // top-left
        (SIMD2<Double>(2, 2), SIMD2<Double>(32, 0)),  // top-right
        (SIMD2<Double>(-2, -2), SIMD2<Double>(0, 32)),  // bottom-left
        (SIMD2<Double>(2, -2), SIMD2<Double>(32, 32)),  // bottom-right
        (SIMD2<Double>(0, 1), SIMD2<Double>(16, 8)),  // up in the world is up in the image
        (SIMD2<Double>(1, 0), SIMD2<Double>(24, 16)),
    ])
    func cornersAndAxes(world: SIMD2<Double>, pixel: SIMD2<Double>) {
        #expect(canvas.pixelPosition(of: world) == pixel)
        #expect(canvas.worldPosition(ofPixel: pixel) == world)
    }

    @Test func pixelCentres() {
        let halfPixel = 1.0 / 16  // in world units, at 8 pixels per unit
        #expect(canvas.worldPositionOfPixelCenter(column: 0, row: 0) == SIMD2<Double>(-2 + halfPixel, 2 - halfPixel))
        #expect(canvas.worldPositionOfPixelCenter(column: 31, row: 31) == SIMD2<Double>(2 - halfPixel, -2 + halfPixel))
        #expect(canvas.worldPositionOfPixelCenter(column: 16, row: 15) == SIMD2<Double>(halfPixel, halfPixel))
    }

    @Test(arguments: [SIMD2<Double>(0.3, -1.7), SIMD2(-1.234, 0.5), SIMD2(5, 7)])
    func worldToPixelRoundTrip(point: SIMD2<Double>) throws {
        let gravity = try Canvas(width: 48, height: 48, halfWidth: Canvas.gravityHalfWidth)
        let back = gravity.worldPosition(ofPixel: gravity.pixelPosition(of: point))
        #expect(abs(back.x - point.x) < 1e-12 && abs(back.y - point.y) < 1e-12)
    }

    /// A wide frame keeps square pixels: the world square spans the height, and more world is visible sideways.
    @Test func nonSquareFrameKeepsSquarePixels() throws {
        let wide = try Canvas(width: 64, height: 32, halfWidth: 2)
        #expect(wide.pixelsPerUnit == 8)
        #expect(wide.visibleHalfExtent == SIMD2(4, 2))
        #expect(wide.pixelPosition(of: SIMD2(4, 2)) == SIMD2(64, 0))
        #expect(wide.contains(Disc(center: SIMD2(3, 0), radius: 0.5, color: .white)))
        #expect(!wide.contains(Disc(center: SIMD2(0, 1.8), radius: 0.5, color: .white)))
    }

    @Test(arguments: [
        (SIMD2<Double>(0, 0), 0.4, true),
        (SIMD2<Double>(1.6, 0), 0.4, true),  // touches the right border
        (SIMD2<Double>(-1.6, 1.6), 0.4, true),  // touches two borders
        (SIMD2<Double>(1.61, 0), 0.4, false),
        (SIMD2<Double>(0, -1.7), 0.4, false),
        (SIMD2<Double>(0, 2.5), 0.4, false),  // centre outside
        (SIMD2<Double>(.nan, 0), 0.4, false),
        (SIMD2<Double>(0, 0), .infinity, false),
    ])
    func inViewCheck(center: SIMD2<Double>, radius: Double, inside: Bool) {
        #expect(canvas.contains(Disc(center: center, radius: radius, color: .bodyYellow)) == inside)
    }

    @Test func pointsInView() {
        #expect(canvas.contains(SIMD2<Double>(2, -2)))
        #expect(!canvas.contains(SIMD2<Double>(2.01, 0)))
        #expect(!canvas.contains(SIMD2<Double>(.nan, 0)))
    }

    @Test func invalidCanvasesAreTypedErrors() {
        #expect(throws: RenderingError.invalidSize(what: "canvas", width: 0, height: 32)) {
            try Canvas(width: 0, height: 32, halfWidth: 2)
        }
        #expect(throws: RenderingError.invalidSize(what: "canvas", width: Int.max, height: 2)) {
            try Canvas(width: Int.max, height: 2, halfWidth: 2)
        }
        for bad in [0.0, -1, .infinity] {
            #expect(throws: RenderingError.invalidHalfWidth(bad)) { try Canvas(halfWidth: bad) }
        }
        #expect(throws: RenderingError.self) { try Canvas(halfWidth: .nan) }
    }

    @Test func radiusFromMassGivesAreaEqualToMass() {
        #expect(Disc.radius(forMass: .pi) == 1)
        for mass in [0.5, 1, 2.5] {
            let r = Disc.radius(forMass: mass)
            #expect(abs(Double.pi * r * r - mass) < 1e-14)
        }
    }
}
