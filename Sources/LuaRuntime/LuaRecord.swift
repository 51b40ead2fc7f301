/// A table made once and refilled before each call (a bar, say): its number fields are written inside
/// the call's protected frame, so passing it costs no allocation and no extra Lua call.
public struct LuaRecord: Hashable, Sendable {
    /// The table itself, to pass as ``LuaArg/ref(_:)`` or keep.
    public let table: LuaRef
    /// The number fields, in the order values are given to ``LuaArg/record(_:_:)``.
    public let keys: [String]
    /// The one string field, if any, set with ``LuaState/setRecordString(_:_:)``.
    public let stringKey: String?
    let id: Int32
}
