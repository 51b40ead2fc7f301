/// The one spelling of a number desk files accept: JSON's, so `12`, `012`, `+12` and `12.0` cannot
/// all mean twelve.
package enum YAMLNumber {
    package static let hint = "write numbers as JSON does: no leading zeros, no '+', no quotes; whole numbers without '.0' or an exponent"

    /// `-?(0|[1-9][0-9]*)`, within Int64.
    package static func integer(_ text: String) -> Int64? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), digits == "0" || digits.first != "0" else { return nil }
        return Int64(text)
    }

    /// JSON's number grammar, finite.
    package static func number(_ text: String) -> Double? {
        var rest = Substring(text)
        if rest.first == "-" { rest = rest.dropFirst() }
        let whole = rest.prefix(while: \.isASCIIDigit)
        guard !whole.isEmpty, whole == "0" || whole.first != "0" else { return nil }
        rest = rest.dropFirst(whole.count)
        if rest.first == "." {
            let fraction = rest.dropFirst().prefix(while: \.isASCIIDigit)
            guard !fraction.isEmpty else { return nil }
            rest = rest.dropFirst(1 + fraction.count)
        }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            let exponent = rest.prefix(while: \.isASCIIDigit)
            guard !exponent.isEmpty else { return nil }
            rest = rest.dropFirst(exponent.count)
        }
        guard rest.isEmpty, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
