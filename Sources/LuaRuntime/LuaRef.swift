/// A value kept alive in a ``LuaState``'s registry (a function, a table…), usable only with the
/// state that made it. Release it with ``LuaState/release(_:)`` when done; all refs go with the state.
public struct LuaRef: Hashable, Sendable {
    let ref: Int32
    let owner: UInt32
}
