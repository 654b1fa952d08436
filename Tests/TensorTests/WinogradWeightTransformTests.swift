import Testing

@testable import Tensor

/// The Winograd weight transforms run several output channels per SIMD lane and split the input channels over the
/// compute threads. They must give exactly the bits of the one-channel-pair-at-a-time formula: the same operations in
/// the same order (Float64 for F(4x4, 3x3), Float32 for F(2x2, 3x3)), for channel counts with and without a lane
/// tail and for weights large enough to be split over the threads (equal to a formula that uses no thread, the
/// result cannot depend on the thread count).
@Suite("Winograd weight transforms")
struct WinogradWeightTransformTests {
    /// `G g Gᵀ` of one 3x3 kernel, F(4x4, 3x3), as the textbook writes it (Float64, rounded once).
    static func f4Reference(_ taps: [Double]) -> [Float] {
        func interpolate(_ g0: Double, _ g1: Double, _ g2: Double) -> [Double] {
            [
                g0 / 4, -(g0 + g1 + g2) / 6, -(g0 - g1 + g2) / 6, g0 / 24 + g1 / 12 + g2 / 6,
                g0 / 24 - g1 / 12 + g2 / 6, g2,
            ]
        }
        let columns = (0..<3).map { j in interpolate(taps[j], taps[3 + j], taps[6 + j]) }
        var out = [Float](repeating: 0, count: 36)
        for i in 0..<6 {
            let row = interpolate(columns[0][i], columns[1][i], columns[2][i])
            for j in 0..<6 { out[i * 6 + j] = Float(row[j]) }
        }
        return out
    }

    /// `G g Gᵀ` of one 3x3 kernel, F(2x2, 3x3), in Float32.
    static func f2Reference(_ taps: [Float]) -> [Float] {
        func rows(_ g0: Float, _ g1: Float, _ g2: Float) -> [Float] {
            [g0, 0.5 * (g0 + g1 + g2), 0.5 * (g0 - g1 + g2), g2]
        }
        let columns = (0..<3).map { j in rows(taps[j], taps[3 + j], taps[6 + j]) }
        var out = [Float](repeating: 0, count: 16)
        for i in 0..<4 {
            let row = rows(columns[0][i], columns[1][i], columns[2][i])
            for j in 0..<4 { out[i * 4 + j] = row[j] }
        }
        return out
    }

    @Test(
        "both transforms equal the per-pair formula bit for bit",
        arguments: [(3, 5), (16, 13), (70, 33), (64, 64)])
    func bitwise(channels: (Int, Int)) {
        let (cin, cout) = channels
        let geometry = Conv2DGeometry(
            batch: 1, height: 8, width: 8, inChannels: cin, outChannels: cout, kernelHeight: 3, kernelWidth: 3,
            strideY: 1, strideX: 1, padTop: 1, padBottom: 1, padLeft: 1, padRight: 1)
        // HWIO weights with values that are not exact in binary, so rounding would show.
        let weight: [Float] = (0..<(9 * cin * cout)).map { index in
            let residue = Float((index * 7_919) % 1_013)
            return (residue / 1_013 - 0.5) / 3
        }
        do {
            var f4 = [Float](repeating: .nan, count: 36 * cin * cout)
            var f2 = [Float](repeating: .nan, count: 16 * cin * cout)
            weight.withUnsafeBufferPointer { w in
                f4.withUnsafeMutableBufferPointer { u in
                    FastConvolution.winogradF4TransformWeight(geometry, weight: w.baseAddress!, into: u.baseAddress!)
                }
                f2.withUnsafeMutableBufferPointer { u in
                    FastConvolution.winogradTransformWeight(geometry, weight: w.baseAddress!, into: u.baseAddress!)
                }
            }
            var mismatches = 0
            for ci in 0..<cin {
                for co in 0..<cout {
                    let taps = (0..<9).map { weight[$0 * cin * cout + ci * cout + co] }
                    let expected4 = Self.f4Reference(taps.map(Double.init))
                    let expected2 = Self.f2Reference(taps)
                    for k in 0..<36 where f4[k * cin * cout + ci * cout + co].bitPattern != expected4[k].bitPattern {
                        mismatches += 1
                    }
                    for k in 0..<16 where f2[k * cin * cout + ci * cout + co].bitPattern != expected2[k].bitPattern {
                        mismatches += 1
                    }
                }
            }
            #expect(mismatches == 0, "\(cin)x\(cout): \(mismatches) transformed taps differ")
        }
    }
}
