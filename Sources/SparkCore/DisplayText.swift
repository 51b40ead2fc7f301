/// Shows text someone else wrote so that it reads as what it is.
///
/// Control, bidirectional-override, invisible and unusual space characters print as `\u{…}` escapes,
/// and so does any letter whose script differs from the rest of its word among the scripts that
/// share look-alike letters (Latin, Greek, Cyrillic, Armenian, Cherokee): `pаypal` with a Cyrillic
/// `а` prints as `p\u{430}ypal`. Printable letters of any one script stay as they are, so Turkish
/// `Gülşen Işık` and Greek `Αθήνα` read normally.
public enum DisplayText {
    /// `text` with every hidden or confusable character escaped.
    public static func escape(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = ""
        var index = 0
        while index < scalars.count {
            if isWordPart(scalars[index]) {
                var end = index
                while end < scalars.count, isWordPart(scalars[end]) { end += 1 }
                output += word(scalars[index..<end])
                index = end
            } else {
                output += single(scalars[index])
                index += 1
            }
        }
        return output
    }

    /// `'text'` escaped, for a value quoted inside a sentence.
    public static func quoted(_ text: String) -> String { "'" + escape(text) + "'" }

    /// Escapes each line of `text` but keeps its line breaks: for messages built from several lines.
    public static func escapeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n")
    }

    private static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
    }

    private static func single(_ scalar: Unicode.Scalar) -> String {
        hidden(scalar) ? code(scalar) : String(scalar)
    }

    private static func hidden(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isBidiControl || properties.isDefaultIgnorableCodePoint || properties.isNoncharacterCodePoint { return true }
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: return true
        case .spaceSeparator: return scalar != " "
        default: return false
        }
    }

    private static func code(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16) + "}"
    }

    /// A run of letters: letters outside the word's first look-alike script are escaped.
    private static func word(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        let home = scalars.lazy.compactMap(script).first
        return scalars.map { scalar in
            if hidden(scalar) { return code(scalar) }
            if let own = script(scalar), own != home { return code(scalar) }
            return String(scalar)
        }.joined()
    }

    private enum Script { case latin, greek, cyrillic, armenian, cherokee }

    private static func script(_ scalar: Unicode.Scalar) -> Script? {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0x2AF, 0x1D00...0x1D7F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: .cyrillic
        case 0x530...0x58F: .armenian
        case 0x13A0...0x13FF, 0xAB70...0xABBF: .cherokee
        default: nil
        }
    }
}
