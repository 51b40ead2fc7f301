/// The drawdown of a curve from its running peak, in percent (0 at a peak, negative below it).
struct Drawdown: Sendable {
    var percent: [Double]
    /// The lowest drawdown, in percent.
    var deepest: Double = 0
    /// Where the deepest drawdown bottoms out, and the peak it fell from.
    var troughIndex = 0
    var peakIndex = 0

    init(_ values: [Double]) {
        percent = [Double](repeating: 0, count: values.count)
        var peak = -Double.infinity
        var currentPeakIndex = 0
        for (i, value) in values.enumerated() {
            if value > peak {
                peak = value
                currentPeakIndex = i
            }
            // Below a non-positive peak a percentage means nothing; such stretches read as flat.
            let dd = peak > 0 ? (value / peak - 1) * 100 : 0
            percent[i] = dd
            if dd < deepest {
                deepest = dd
                troughIndex = i
                peakIndex = currentPeakIndex
            }
        }
    }
}
