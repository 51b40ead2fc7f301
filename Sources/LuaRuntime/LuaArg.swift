/// One argument of ``LuaState/call(_:)`` and its overloads.
public enum LuaArg: Sendable {
    /// A value held in the registry (a table, a function…).
    case ref(LuaRef)
    /// A float.
    case number(Double)
    /// An integer.
    case integer(Int64)
    /// A boolean.
    case bool(Bool)
    /// nil.
    case `nil`
    /// A record, its number fields first set from `values` (in ``LuaRecord/keys`` order; fewer
    /// values leave the rest unchanged, extra ones are ignored).
    case record(LuaRecord, [Double])
}
