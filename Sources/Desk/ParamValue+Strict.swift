public import SparkCore
public import SparkConfig

extension ParamValue {
    /// A value from a param set or `--set`, read strictly: JSON's number spelling, `true`/`false`, or text.
    ///
    /// - Parameter refuse: the error for text that reads as a number but is not written plainly.
    public static func strict(_ text: String, refuse: () throws(ConfigError) -> ConfigError) throws(ConfigError) -> ParamValue {
        if let integer = YAMLNumber.integer(text) { return .int(integer) }
        if let number = YAMLNumber.number(text) { return .number(number) }
        if ["true", "True", "TRUE"].contains(text) { return .bool(true) }
        if ["false", "False", "FALSE"].contains(text) { return .bool(false) }
        if Double(text) != nil || text.hasPrefix("0x") || text.hasPrefix("0o") || text.hasPrefix("+") || text.hasPrefix("0b") {
            throw try refuse()
        }
        return .string(text)
    }
}
