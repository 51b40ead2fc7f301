import Foundation

/// Round-number ticks (1, 2, 2.5, 5 × 10ⁿ) covering a value range, and labels for them.
struct NiceScale: Sendable, Equatable {
    /// The axis range, widened to whole steps.
    var lower: Double
    var upper: Double
    var step: Double
    /// Digits after the decimal point that every tick label needs.
    var decimals: Int

    /// Ticks for `low…high` with at most about `maxTicks` intervals. The range widens to whole
    /// steps, or, when `padding` is given, by that fraction of the data range on each side (so a
    /// curve fills its panel instead of leaving up to a step empty above and below).
    init(_ low: Double, _ high: Double, maxTicks: Int, padding: Double? = nil) {
        var low = low, high = high
        if high - low <= abs(high) * 1e-12 {
            // A flat series still gets an axis around its value.
            let pad = high == 0 ? 1 : abs(high) * 0.05
            low -= pad
            high += pad
        }
        let rough = (high - low) / Double(max(1, maxTicks))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        step = nice * magnitude
        if let padding {
            lower = low - (high - low) * padding
            upper = high + (high - low) * padding
        } else {
            lower = (low / step).rounded(.down) * step
            upper = (high / step).rounded(.up) * step
        }
        var digits = max(0, Int(-log10(step).rounded(.down)))
        if nice == 2.5, step < 10 { digits += 1 }
        decimals = digits
    }

    /// The multiples of `step` from `lower` to `upper`.
    var ticks: [Double] {
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first <= last else { return [] }
        // Computed from the index, not accumulated, so 0 comes out as exactly 0 and no error creeps in.
        return (Int(first)...Int(last)).map { Double($0) * step }
    }

    func label(_ value: Double, suffix: String = "") -> String {
        NumberText.format(value, decimals: decimals) + suffix
    }
}
