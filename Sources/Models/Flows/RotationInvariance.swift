import Foundation
import Tensor

/// How far a density model is from being rotation invariant: the mean over points of the standard deviation of its
/// log-density at the point rotated by `angles` evenly spaced angles about the origin (0 for an invariant model).
///
/// This is the `invariance_error` column of `hgnbench flows`. For a flow, the log-density is the importance-weighted
/// estimate with S momentum samples whose noise is shared by the rotated copies of a point (common random numbers),
/// so that Monte Carlo noise does not count as a lack of invariance: with the rotation-equivariant encoder and
/// invariant Hamiltonians the error is exactly 0 up to rounding.
public enum RotationInvariance {
    /// The rotations of each point of `points` ([n · 2]) by 2πk/angles, k = 0..<angles, as [n · angles · 2]
    /// (point-major).
    public static func rotatedCopies(of points: [Double], angles: Int) -> [Double] {
        var copies: [Double] = []
        copies.reserveCapacity(points.count * angles)
        for i in 0..<(points.count / 2) {
            let x = points[2 * i], y = points[2 * i + 1]
            for k in 0..<angles {
                let angle = 2 * Double.pi * Double(k) / Double(angles)
                let c = Foundation.cos(angle), s = Foundation.sin(angle)
                copies += [c * x - s * y, s * x + c * y]
            }
        }
        return copies
    }

    /// The invariance error of any log-density function (evaluated once on all rotated copies).
    public static func error(of logDensity: ([Double]) -> [Double], at points: [Double], angles: Int = 16) -> Double {
        let values = logDensity(rotatedCopies(of: points, angles: angles))
        return meanStandardDeviation(values, groupSize: angles)
    }

    /// The invariance error of a flow's importance-weighted log-density estimate with `samples` draws per point,
    /// sharing the draws among the rotated copies of each point.
    public static func error<G: RandomNumberGenerator>(
        of flow: NeuralHamiltonianFlow, at points: [Double], angles: Int = 16, samples: Int = 16,
        using generator: inout G
    ) -> Double {
        var values: [Double] = []
        let n = points.count / 2
        for i in 0..<n {
            let copies = rotatedCopies(of: [points[2 * i], points[2 * i + 1]], angles: angles)
            let noise = Tensor.randomNormal(shape: [samples, 2], dtype: flow.configuration.dtype, using: &generator)
            // Sample-major rows (sample s of copy a at s · angles + a): repeat each sample's noise for every copy.
            let tiledNoise = Tensor.concatenate(
                noise.split(sizes: Array(repeating: 1, count: samples), alongAxis: 0).map {
                    $0.broadcast(toShape: [angles, 2])
                }, alongAxis: 0)
            values += flow.logMeanExpOverSamples(of: copies, samples: samples, noise: tiledNoise)
        }
        return meanStandardDeviation(values, groupSize: angles)
    }

    /// The mean over consecutive groups of `groupSize` values of their (population) standard deviation.
    static func meanStandardDeviation(_ values: [Double], groupSize: Int) -> Double {
        let groups = values.count / groupSize
        guard groups > 0 else { return 0 }
        var total = 0.0
        for g in 0..<groups {
            let group = values[(g * groupSize)..<((g + 1) * groupSize)]
            let mean = group.reduce(0, +) / Double(groupSize)
            total += (group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(groupSize)).squareRoot()
        }
        return total / Double(groups)
    }
}
