/// The type of a host-call argument or table field, as the host sees it.
public enum LuaType: Sendable, Equatable {
    /// Past the last argument.
    case none
    case `nil`
    case boolean
    /// An integer subtype number.
    case integer
    /// A float subtype number.
    case number
    case string
    case table
    /// A host handle (full userdata made by ``LuaResults/push(handle:id:)``).
    case handle
    /// A function or anything else the host cannot read.
    case other
}
