import Foundation

/// Number labels for charts: thousands separators and a true minus sign.
enum NumberText {
    static func format(_ value: Double, decimals: Int) -> String {
        let fixed = String(format: "%.\(max(0, min(decimals, 10)))f", abs(value))
        let parts = fixed.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        if whole.count > 3 {
            var grouped = ""
            for (i, digit) in whole.enumerated() {
                if i > 0, (whole.count - i) % 3 == 0 { grouped.append(",") }
                grouped.append(digit)
            }
            whole = grouped
        }
        let text = parts.count > 1 ? whole + "." + parts[1] : whole
        let isZero = text.allSatisfy { $0 == "0" || $0 == "." || $0 == "," }
        return value < 0 && !isZero ? "\u{2212}" + text : text
    }

    /// About three significant digits, for values printed inside cells and on bars.
    static func compact(_ value: Double, scale: Double) -> String {
        let magnitude = abs(scale)
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        return format(value, decimals: decimals)
    }
}
