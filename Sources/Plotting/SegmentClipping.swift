/// Clipping of line segments and polylines to a rectangle (Liang–Barsky).
enum SegmentClipping {
    /// The part of the segment `a`–`b` inside `rect`, or `nil` if none. `O(1)`.
    static func clip(_ a: SIMD2<Double>, _ b: SIMD2<Double>, to rect: PixelRect) -> (SIMD2<Double>, SIMD2<Double>)? {
        let d = b - a
        var t0 = 0.0, t1 = 1.0
        // Each pair (p, q): the segment is inside where p t <= q.
        let constraints: [(Double, Double)] = [
            (-d.x, a.x - rect.minX), (d.x, rect.maxX - a.x), (-d.y, a.y - rect.minY), (d.y, rect.maxY - a.y),
        ]
        for (p, q) in constraints {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 > t1 { return nil }
            }
        }
        return (a + t0 * d, a + t1 * d)
    }

    /// Splits a run of points into the visible pieces of its polyline inside `rect`. `O(points.count)`.
    static func clip(polyline points: [SIMD2<Double>], to rect: PixelRect) -> [[SIMD2<Double>]] {
        if points.count == 1 { return rect.contains(points[0]) ? [points] : [] }
        var pieces = [[SIMD2<Double>]]()
        var current = [SIMD2<Double>]()
        for (a, b) in zip(points, points.dropFirst()) {
            guard let (start, end) = clip(a, b, to: rect) else {
                if !current.isEmpty {
                    pieces.append(current)
                    current = []
                }
                continue
            }
            if let last = current.last, last == start {
                current.append(end)
            } else {
                if !current.isEmpty { pieces.append(current) }
                current = [start, end]
            }
            if end != b {
                pieces.append(current)
                current = []
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
