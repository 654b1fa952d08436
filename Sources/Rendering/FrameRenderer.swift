/// Rasterises discs into uint8 RGB frames: the background first, then each disc in order, alpha-blended with its
/// anti-aliased coverage (see ``SoftEdge``).
///
/// Frames are in HWC layout: `height` rows top to bottom, each of `width` pixels left to right, each pixel three
/// bytes red, green, blue; a frame is ``Canvas/frameByteCount`` bytes. A later disc is drawn over an earlier one.
///
/// Rendering is deterministic (same discs, same bytes, on every machine: only IEEE-exact operations are used) and
/// does not allocate: the caller provides the memory, typically frame `t` of a `[T, H, W, 3]` buffer:
///
/// ```swift
/// let renderer = FrameRenderer(canvas: try Canvas(halfWidth: Canvas.oscillatorHalfWidth))
/// let frameBytes = renderer.canvas.frameByteCount
/// video.withUnsafeMutableBufferPointer { all in
///     for t in 0..<frameCount {
///         discs[0].center = positions[t]   // reuse one array: no allocation per frame
///         renderer.render(discs, into: UnsafeMutableBufferPointer(rebasing: all[t * frameBytes ..< (t + 1) * frameBytes]))
///     }
/// }
/// ```
public struct FrameRenderer: Hashable, Sendable {
    /// The mapping from world to pixels.
    public var canvas: Canvas
    /// The colour of pixels no disc covers; by default the datasets' grey, ``RGBColor/background``.
    public var background: RGBColor

    /// Creates a renderer drawing on `canvas` over `background`.
    public init(canvas: Canvas, background: RGBColor = .background) {
        self.canvas = canvas
        self.background = background
    }

    /// Renders `discs` over the background into `frame`, overwriting all of it.
    ///
    /// Discs with a non-finite centre or radius, or a radius not above zero, are skipped; discs partly or wholly
    /// outside the view are clipped.
    ///
    /// - Precondition: `frame.count == canvas.frameByteCount`.
    /// - Complexity: O(`width * height` + the pixel area of each disc's bounding square); no allocation.
    public func render(_ discs: [Disc], into frame: UnsafeMutableBufferPointer<UInt8>) {
        precondition(
            frame.count == canvas.frameByteCount,
            "FrameRenderer.render: frame has \(frame.count) bytes, the canvas needs \(canvas.frameByteCount)")
        fillBackground(frame)
        for disc in discs { composite(disc, into: frame) }
    }

    /// Renders `discs` into a new frame of ``Canvas/frameByteCount`` bytes; for previews and tests (allocates).
    public func frame(_ discs: [Disc]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: canvas.frameByteCount) { buffer, initializedCount in
            render(discs, into: buffer)
            initializedCount = buffer.count
        }
    }

    /// Writes the background colour into every pixel: one pixel by hand, then the filled prefix copied onto the
    /// rest in doubling blocks (about log2(width * height) memory copies, much faster than a byte loop).
    private func fillBackground(_ frame: UnsafeMutableBufferPointer<UInt8>) {
        guard let base = frame.baseAddress, frame.count >= 3 else { return }
        base[0] = background.red
        base[1] = background.green
        base[2] = background.blue
        var filled = 3
        while filled < frame.count {
            let chunk = min(filled, frame.count - filled)
            (base + filled).update(from: base, count: chunk)
            filled += chunk
        }
    }

    /// Blends one disc into the frame, visiting only the pixels whose centres lie within `radius + 1/2` pixels of
    /// its centre on each axis (beyond that the coverage is zero).
    private func composite(_ disc: Disc, into frame: UnsafeMutableBufferPointer<UInt8>) {
        let center = canvas.pixelPosition(of: disc.center)
        let radius = disc.radius * canvas.pixelsPerUnit
        guard center.x.isFinite, center.y.isFinite, radius.isFinite, radius > 0 else { return }

        // Pixel i has its centre at i + 0.5; it can be touched when |i + 0.5 - c| < radius + 0.5.
        let reach = radius + 0.5
        let firstColumn = max(0, (center.x - reach - 0.5).rounded(.up))
        let lastColumn = min(Double(canvas.width - 1), (center.x + reach - 0.5).rounded(.down))
        let firstRow = max(0, (center.y - reach - 0.5).rounded(.up))
        let lastRow = min(Double(canvas.height - 1), (center.y + reach - 0.5).rounded(.down))
        guard firstColumn <= lastColumn, firstRow <= lastRow else { return }

        let color = SIMD3<Double>(Double(disc.color.red), Double(disc.color.green), Double(disc.color.blue))
        let (r, g, b) = (disc.color.red, disc.color.green, disc.color.blue)
        let columns = Int(firstColumn)...Int(lastColumn)
        for row in Int(firstRow)...Int(lastRow) {
            let dy = Double(row) + 0.5 - center.y
            let dySquared = dy * dy
            var offset = (row * canvas.width + columns.lowerBound) * 3
            for column in columns {
                let dx = Double(column) + 0.5 - center.x
                let insideDistance = radius - (dx * dx + dySquared).squareRoot()
                let coverage = SoftEdge.coverage(insideDistance: insideDistance)
                if coverage >= 1 {
                    frame[offset] = r
                    frame[offset + 1] = g
                    frame[offset + 2] = b
                } else if coverage > 0 {
                    let old = SIMD3<Double>(Double(frame[offset]), Double(frame[offset + 1]), Double(frame[offset + 2]))
                    // Round half up; the blend lies in [0, 255], so truncating x + 0.5 is exact and cheap.
                    let blended = old + (color - old) * coverage + 0.5
                    frame[offset] = UInt8(blended.x)
                    frame[offset + 1] = UInt8(blended.y)
                    frame[offset + 2] = UInt8(blended.z)
                }
                offset += 3
            }
        }
    }
}
