import SparkCore
import Foundation

/// Minimal, deterministic JSON rendering: keys in the order given, doubles in Swift's shortest
/// round-trip form, so a journal line re-read gives back the exact bits.
package enum JSON {
    package static func string(_ text: String) -> String { JSONText.quote(text) }

    /// A number, or null where JSON has none (NaN, infinities).
    package static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    package static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}
