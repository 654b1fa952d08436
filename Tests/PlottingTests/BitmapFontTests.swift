import Testing

@testable import Plotting

/// The glyph table: complete, well-formed, distinguishable.
@Suite struct BitmapFontTests {
    @Test func everyPrintableASCIICharacterHasAWellFormedGlyph() {
        #expect(BitmapFont.glyphPictures.count == 95)
        for (index, picture) in BitmapFont.glyphPictures.enumerated() {
            let rows = picture.split(separator: " ")
            #expect(rows.count == BitmapFont.glyphHeight, "glyph \(index + 32)")
            #expect(
                rows.allSatisfy { $0.count == BitmapFont.glyphWidth && $0.allSatisfy { "#.".contains($0) } },
                "glyph \(index + 32)")
        }
    }

    @Test func glyphsAreDistinctAndOnlySpaceIsBlank() {
        let glyphs = BitmapFont.glyphs
        #expect(Set(glyphs).count == glyphs.count, "no two characters look the same")
        #expect(glyphs.enumerated().filter { $0.element.allSatisfy { $0 == 0 } }.map(\.offset) == [0])
    }

    @Test func metricsAndFallback() {
        #expect(BitmapFont.width(of: "", scale: 3) == 0)
        #expect(BitmapFont.width(of: "abc", scale: 2) == (3 * 6 - 1) * 2)
        #expect(BitmapFont.rows(for: "é") == BitmapFont.rows(for: "?"))
        #expect(BitmapFont.isSet("|", column: 2, row: 0) && !BitmapFont.isSet("|", column: 0, row: 0))
        // Capitals stand on row 6; descenders reach row 7.
        #expect(BitmapFont.rows(for: "A")[7] == 0 && BitmapFont.rows(for: "A")[6] != 0)
        #expect(BitmapFont.rows(for: "g")[7] != 0)
    }
}
