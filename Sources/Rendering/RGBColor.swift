/// An opaque 8-bit sRGB colour, stored as three channel bytes in the order red, green, blue.
///
/// The constants follow the datasets of the Hamiltonian Generative Networks paper as released by its public
/// replication: a mid-grey ``background`` (a black background is known to hurt training) and one colour per body
/// from ``palette(count:)``.
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    /// Red channel, 0 to 255.
    public var red: UInt8
    /// Green channel, 0 to 255.
    public var green: UInt8
    /// Blue channel, 0 to 255.
    public var blue: UInt8

    /// Creates a colour from its three channel bytes.
    @inlinable
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The background of every rendered frame: grey (81, 88, 93).
    public static let background = RGBColor(red: 81, green: 88, blue: 93)

    /// Body 1: yellow (173, 146, 0), the bob of the pendulum and the mass of the spring.
    public static let bodyYellow = RGBColor(red: 173, green: 146, blue: 0)
    /// Body 2: red (173, 0, 0).
    public static let bodyRed = RGBColor(red: 173, green: 0, blue: 0)
    /// Body 3: green (0, 146, 0).
    public static let bodyGreen = RGBColor(red: 0, green: 146, blue: 0)

    /// White (255, 255, 255), the default separator of a ``ContactSheet``.
    public static let white = RGBColor(red: 255, green: 255, blue: 255)

    /// The colours of `count` bodies, body 1 first.
    ///
    /// Bodies 1 to 3 are ``bodyYellow``, ``bodyRed`` and ``bodyGreen``. Further bodies get fully saturated hues of the
    /// same brightness (value 173/255), evenly spaced over the arc of the colour wheel that the first three leave
    /// free, from cyan (180 degrees) through blue to magenta (330 degrees): the `j`-th of `m` extra bodies
    /// (`j` from 0) has hue `180 + 150 (j + 1/2) / m` degrees. The result depends on `count` only.
    ///
    /// - Parameter count: the number of bodies, zero or more.
    /// - Complexity: O(`count`).
    public static func palette(count: Int) -> [RGBColor] {
        precondition(count >= 0, "RGBColor.palette(count:) needs a non-negative count, got \(count)")
        let fixed: [RGBColor] = [.bodyYellow, .bodyRed, .bodyGreen]
        if count <= fixed.count { return Array(fixed.prefix(count)) }
        let extraCount = count - fixed.count
        let value = 173.0 / 255.0
        let extra = (0..<extraCount).map { index in
            let hue = 180.0 + 150.0 * (Double(index) + 0.5) / Double(extraCount)
            return RGBColor(hueDegrees: hue, saturation: 1, value: value)
        }
        return fixed + extra
    }

    /// Creates a colour from a hue in degrees (taken modulo 360), a saturation and a value (brightness) in [0, 1].
    ///
    /// Channels are rounded to the nearest byte; saturation and value outside [0, 1] are clamped, a non-finite hue
    /// counts as 0 (red).
    public init(hueDegrees: Double, saturation: Double, value: Double) {
        let s = min(max(saturation, 0), 1)
        let v = min(max(value, 0), 1)
        var h = hueDegrees.isFinite ? hueDegrees.truncatingRemainder(dividingBy: 360) : 0
        if h < 0 { h += 360 }
        // Standard HSV to RGB: each channel is v minus v s times a clipped triangle wave of the hue.
        func channel(_ n: Double) -> UInt8 {
            let k = (n + h / 60).truncatingRemainder(dividingBy: 6)
            let level = v - v * s * max(0, min(k, 4 - k, 1))
            return UInt8((level * 255).rounded())
        }
        self.init(red: channel(5), green: channel(3), blue: channel(1))
    }

    /// `(r, g, b)`, for messages and test failures.
    public var description: String { "(\(red), \(green), \(blue))" }
}
