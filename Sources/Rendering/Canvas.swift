/// The view of a camera looking down on the plane of motion: a square of world space, centred on the origin,
/// mapped onto a frame of `width` x `height` pixels.
///
/// World coordinates have x to the right and y up; pixel coordinates have x (the column) to the right and y (the
/// row) down, as images are stored. Continuous pixel coordinates put pixel `(column, row)` on the unit square
/// `[column, column + 1) x [row, row + 1)`, so its centre is at `(column + 0.5, row + 0.5)` and the world origin
/// maps onto the centre of the frame, `(width / 2, height / 2)`.
///
/// Pixels are square. The world square `[-halfWidth, halfWidth]^2` spans the frame's shorter side exactly; a
/// non-square frame shows proportionally more world along its longer side (see ``visibleHalfExtent``). For the
/// usual square frames, the view is exactly `[-halfWidth, halfWidth]^2`.
///
/// Half-widths of the standard datasets: ``oscillatorHalfWidth`` (2 world units) for pendulum and mass-spring,
/// ``gravityHalfWidth`` (3) for two- and three-body gravity. At 32 x 32 pixels that is 8 and 5.33 pixels per unit.
public struct Canvas: Hashable, Sendable {
    /// Frame width in pixels (columns).
    public let width: Int
    /// Frame height in pixels (rows).
    public let height: Int
    /// Half the side of the world square shown across the frame's shorter side, in world units.
    public let halfWidth: Double
    /// Scale of the mapping: pixels per world unit, `min(width, height) / (2 halfWidth)`.
    public let pixelsPerUnit: Double

    /// Half-width of the view for the pendulum and mass-spring datasets: 2 world units.
    public static let oscillatorHalfWidth = 2.0
    /// Half-width of the view for the two- and three-body gravity datasets: 3 world units.
    public static let gravityHalfWidth = 3.0

    /// Creates a canvas of `width` x `height` pixels showing the world square `[-halfWidth, halfWidth]^2`.
    ///
    /// - Throws: ``RenderingError/invalidSize(what:width:height:)`` unless both sides are at least 1 pixel and a
    ///   frame's byte count fits in an `Int`; ``RenderingError/invalidHalfWidth(_:)`` unless `halfWidth` is positive
    ///   and finite.
    public init(width: Int = 32, height: Int = 32, halfWidth: Double) throws(RenderingError) {
        guard width >= 1, height >= 1, Canvas.byteCount(width: width, height: height) != nil else {
            throw .invalidSize(what: "canvas", width: width, height: height)
        }
        guard halfWidth > 0, halfWidth.isFinite else { throw .invalidHalfWidth(halfWidth) }
        self.width = width
        self.height = height
        self.halfWidth = halfWidth
        self.pixelsPerUnit = Double(min(width, height)) / (2 * halfWidth)
    }

    /// Bytes in one RGB frame of this canvas: `width * height * 3` (HWC layout, row-major, rows top to bottom).
    public var frameByteCount: Int { width * height * 3 }

    /// Half the world extent actually visible, per axis: `(width, height) / (2 pixelsPerUnit)`. Equal to
    /// `(halfWidth, halfWidth)` for a square frame.
    public var visibleHalfExtent: SIMD2<Double> {
        SIMD2(Double(width), Double(height)) / (2 * pixelsPerUnit)
    }

    /// Continuous pixel coordinates (column to the right, row down) of a world point (x right, y up).
    ///
    /// The origin maps onto `(width / 2, height / 2)`; pixel `(i, j)` has its centre at `(i + 0.5, j + 0.5)`.
    @inlinable
    public func pixelPosition(of world: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(
            Double(width) / 2 + world.x * pixelsPerUnit,
            Double(height) / 2 - world.y * pixelsPerUnit)
    }

    /// The world point (x right, y up) at continuous pixel coordinates `pixel`; the inverse of
    /// ``pixelPosition(of:)``.
    @inlinable
    public func worldPosition(ofPixel pixel: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(
            (pixel.x - Double(width) / 2) / pixelsPerUnit,
            (Double(height) / 2 - pixel.y) / pixelsPerUnit)
    }

    /// The world point at the centre of the pixel in `column` (from the left) and `row` (from the top).
    @inlinable
    public func worldPositionOfPixelCenter(column: Int, row: Int) -> SIMD2<Double> {
        worldPosition(ofPixel: SIMD2(Double(column) + 0.5, Double(row) + 0.5))
    }

    /// Whether a world point lies in the visible rectangle (boundary included). False for non-finite points.
    @inlinable
    public func contains(_ point: SIMD2<Double>) -> Bool {
        let extent = visibleHalfExtent
        return abs(point.x) <= extent.x && abs(point.y) <= extent.y
    }

    /// Whether `disc` lies entirely inside the view: its geometric circle (of radius ``Disc/radius``) touches the
    /// border at most. The dataset generator rejects trajectories whose bodies fail this at any frame.
    ///
    /// Such a disc is drawn whole, soft edge included: ``FrameRenderer`` colours a pixel only when its centre lies
    /// less than half a pixel outside the circle, and the centres beyond the frame lie at least that far out.
    /// False for a disc with a non-finite centre or radius.
    @inlinable
    public func contains(_ disc: Disc) -> Bool {
        let extent = visibleHalfExtent
        return disc.radius >= 0
            && abs(disc.center.x) + disc.radius <= extent.x
            && abs(disc.center.y) + disc.radius <= extent.y
    }

    /// `width * height * 3`, or nil when it overflows an `Int`.
    static func byteCount(width: Int, height: Int) -> Int? {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        let (bytes, overflow3) = pixels.multipliedReportingOverflow(by: 3)
        return overflow || overflow3 ? nil : bytes
    }
}
