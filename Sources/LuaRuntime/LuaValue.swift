/// A Lua value copied out of (or into) a state: scalars and tables, nothing live.
///
/// Tables whose keys are exactly 1…n read as ``array(_:)``; any other table reads as ``table(_:)``
/// with integer and float keys written as their decimal text and boolean keys as "true"/"false".
public enum LuaValue: Sendable, Equatable {
    case `nil`
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// A table with string keys.
    case table([String: LuaValue])
    /// A sequence (keys 1…n).
    case array([LuaValue])
    /// Something a host cannot hold (a function, a handle, a cycle or a too-deep table), by type name.
    case other(String)

    /// The number, for `.integer` and `.number`.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The string, for `.string`.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A field of a `.table` (or element "1"… of an `.array`).
    public subscript(key: String) -> LuaValue? {
        switch self {
        case .table(let fields): return fields[key]
        case .array(let elements):
            guard let index = Int(key), index >= 1, index <= elements.count else { return nil }
            return elements[index - 1]
        default: return nil
        }
    }
}
