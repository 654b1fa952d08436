/// The anti-aliased edge of a disc: how much of a pixel a disc covers, from the distance of the pixel's centre to the
/// disc's boundary, measured in pixels.
///
/// Coverage is a linear ramp one pixel wide, centred on the boundary:
///
///     coverage = clamp(radius - distance + 1/2, 0, 1)      (radius and distance in pixels)
///
/// This is exactly the fraction of a pixel's area inside a straight edge parallel to a pixel side, and a close
/// approximation of the area inside a curved edge at any angle. Because the ramp is defined in pixels, every frame
/// size gets the same one-pixel soft rim: a disc keeps its world size and looks equally smooth at 32 x 32 or
/// 256 x 256. Summed over the pixels, the coverage of a disc of radius `r` pixels is `pi r^2 + pi / 12` in the
/// continuum limit (the ramp's curvature adds 0.26 px^2), so the lit area matches the geometric area.
///
/// A pixel is fully covered when its centre lies at least half a pixel inside the boundary and untouched when it
/// lies at least half a pixel outside.
public enum SoftEdge {
    /// Coverage in [0, 1] of a pixel whose centre is `insideDistance` pixels inside the boundary (negative outside).
    @inlinable
    public static func coverage(insideDistance: Double) -> Double {
        min(max(insideDistance + 0.5, 0), 1)
    }
}
