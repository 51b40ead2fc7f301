/// A parameter value as a strategy sees it in `ctx.params`.
public enum ParamValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int64)
    case number(Double)
    case bool(Bool)
    case string(String)

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .number(let value): String(value)
        case .bool(let value): String(value)
        case .string(let value): value
        }
    }

    /// Reads a value typed on the command line (`--set fast=12`): integer, number, true/false, else text.
    public static func parse(_ text: String) -> ParamValue {
        if let value = Int64(text) { return .int(value) }
        if let value = Double(text), value.isFinite { return .number(value) }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        return .string(text)
    }
}
