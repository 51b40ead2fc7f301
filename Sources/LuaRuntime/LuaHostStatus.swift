/// What a host function tells the C trampoline: go on, or raise this message as a Lua error.
public enum LuaHostStatus: Sendable, Equatable {
    /// The results pushed are returned to Lua.
    case ok
    /// Raised in Lua as "chunk:line: message" (catchable with `pcall`, like any Lua error).
    case error(String)
}
