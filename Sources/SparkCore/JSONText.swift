/// JSON string literals, written one way everywhere that hashes or replays them.
///
/// Journals, decision logs, audit entries and canonical forms (RFC 8785) all quote text with this,
/// so the same string always gives the same bytes and the same hash.
public enum JSONText {
    /// `text` as a JSON string literal: quote, backslash and control characters escaped (the short
    /// forms RFC 8785 asks for where JSON has one, `\u00XX` otherwise), everything else as is.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
