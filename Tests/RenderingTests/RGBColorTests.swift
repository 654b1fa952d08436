import Testing

@testable import Rendering

@Suite("Colours")
struct RGBColorTests {
    @Test func datasetColoursAreExact() {
        #expect(RGBColor.background == RGBColor(red: 81, green: 88, blue: 93))
        #expect(
            RGBColor.palette(count: 3) == [
                RGBColor(red: 173, green: 146, blue: 0), RGBColor(red: 173, green: 0, blue: 0),
                RGBColor(red: 0, green: 146, blue: 0),
            ])
        #expect(RGBColor.palette(count: 1) == [.bodyYellow])
        #expect(RGBColor.palette(count: 0).isEmpty)
    }

    /// Extra bodies get distinct saturated colours of the same brightness, none equal to the first three.
    @Test(arguments: [4, 5, 8])
    func furtherBodiesGetEvenlySpacedHues(count: Int) {
        let palette = RGBColor.palette(count: count)
        #expect(palette.count == count)
        #expect(Array(palette.prefix(3)) == RGBColor.palette(count: 3))
        #expect(Set(palette).count == count)
        for color in palette.dropFirst(3) {
            #expect(max(color.red, color.green, color.blue) == 173)
            #expect(min(color.red, color.green, color.blue) == 0)
            #expect(color.blue > 0)  // hues from cyan through blue to magenta all contain blue
        }
        #expect(RGBColor.palette(count: 4)[3] == RGBColor(hueDegrees: 255, saturation: 1, value: 173.0 / 255))
    }

    @Test(
        arguments: [
            (0, RGBColor(red: 255, green: 0, blue: 0)), (60, RGBColor(red: 255, green: 255, blue: 0)),
            (120, RGBColor(red: 0, green: 255, blue: 0)), (180, RGBColor(red: 0, green: 255, blue: 255)),
            (240, RGBColor(red: 0, green: 0, blue: 255)), (300, RGBColor(red: 255, green: 0, blue: 255)),
            (-60, RGBColor(red: 255, green: 0, blue: 255)), (720, RGBColor(red: 255, green: 0, blue: 0)),
            (30, RGBColor(red: 255, green: 128, blue: 0)),
        ] as [(Double, RGBColor)])
    func hueSaturationValue(hue: Double, expected: RGBColor) {
        #expect(RGBColor(hueDegrees: hue, saturation: 1, value: 1) == expected)
    }

    @Test func greyWhenUnsaturated() {
        #expect(RGBColor(hueDegrees: 123, saturation: 0, value: 0.5) == RGBColor(red: 128, green: 128, blue: 128))
    }
}
