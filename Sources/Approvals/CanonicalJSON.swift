import SparkCore
public import Foundation
import Crypto

/// The JSON canonical form that hashes and signatures cover (RFC 8785 style).
///
/// Object keys sorted by UTF-16 code units, no insignificant whitespace, strings with the minimal
/// escapes, and numbers in the ECMAScript shortest form (`0.020` and `2e-2` both become `0.02`,
/// `10.0` becomes `10`). Integers from the schema's `int` type are written exactly.
public indirect enum CanonicalJSON: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case object([String: CanonicalJSON])
    case array([CanonicalJSON])
    case null

    /// The canonical text.
    public var text: String {
        switch self {
        case .string(let value): Self.quote(value)
        case .integer(let value): String(value)
        case .number(let value): Self.number(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let fields):
            "{" + fields.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
                .map { Self.quote($0) + ":" + fields[$0]!.text }.joined(separator: ",") + "}"
        }
    }

    /// Lower-case hex SHA-256 of the canonical text's UTF-8 bytes.
    public var sha256: String { Self.sha256Hex(Data(text.utf8)) }

    /// Lower-case hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        Hex.lowercase(SHA256.hash(data: data))
    }

    static func quote(_ text: String) -> String { JSONText.quote(text) }

    /// ECMAScript `Number.prototype.toString` for finite doubles, built from Swift's shortest digits.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        let text = "\(abs(value))"
        let parts = text.split(separator: "e")
        let exponent = parts.count == 2 ? Int(parts[1])! : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(mantissa[0] + (mantissa.count == 2 ? mantissa[1] : ""))
        var point = mantissa[0].count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let count = digits.count
        let all = String(digits)
        if count <= point && point <= 21 {
            return sign + all + String(repeating: "0", count: point - count)
        }
        if 0 < point && point <= 21 {
            return sign + String(digits[..<point]) + "." + String(digits[point...])
        }
        if -6 < point && point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + all
        }
        let power = point - 1
        let powerText = (power > 0 ? "+" : "-") + String(abs(power))
        if count == 1 { return sign + all + "e" + powerText }
        return sign + String(digits[0]) + "." + String(digits[1...]) + "e" + powerText
    }
}
