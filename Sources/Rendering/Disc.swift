/// A body seen from above: a filled circle of one colour in world coordinates.
public struct Disc: Hashable, Sendable {
    /// Centre in world units (x right, y up).
    public var center: SIMD2<Double>
    /// Radius in world units; see ``radius(forMass:)`` for the convention of the standard datasets.
    public var radius: Double
    /// Fill colour.
    public var color: RGBColor

    /// Creates a disc of `radius` world units around `center`, filled with `color`.
    @inlinable
    public init(center: SIMD2<Double>, radius: Double, color: RGBColor) {
        self.center = center
        self.radius = radius
        self.color = color
    }

    /// The radius of a body of mass `mass`: `sqrt(mass / pi)` world units, so that the disc's area equals its mass
    /// (the convention of DeepMind's Hamiltonian Dynamics Suite).
    ///
    /// A pendulum bob of mass 0.5 gets radius 0.399, about 3.2 pixels on a 32-pixel frame of half-width 2; a body of
    /// mass 1 gets 0.564, about 3.0 pixels on a 32-pixel frame of half-width 3.
    @inlinable
    public static func radius(forMass mass: Double) -> Double {
        (mass / Double.pi).squareRoot()
    }
}
