/// The object that serves host functions and handle methods for a ``LuaState``.
///
/// Called on the thread that called into Lua, from inside a C frame: implementations must not throw
/// across it (they cannot: the method does not throw) and must not call back into the same state.
public protocol LuaHost: AnyObject {
    /// Serves host function or method `id` (as given to ``LuaState/setHostFunction(_:_:id:)`` or
    /// ``LuaState/registerHandleClass(_:methods:)``). `args` and anything read from it are valid
    /// only during this call. Push at most 8 results; return `.error` to raise a Lua error instead.
    func luaHostCall(_ id: Int32, _ args: LuaArgs, _ results: inout LuaResults) -> LuaHostStatus

    /// Receives what the script passes to `print`, tab-separated. Default: dropped.
    func luaPrint(_ text: String)
}

extension LuaHost {
    /// Drops the text.
    public func luaPrint(_ text: String) {}
}
