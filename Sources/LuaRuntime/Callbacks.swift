internal import CLuaShim

// The C → Swift entry points. Each returns normally to C (never throws, never unwinds), and C
// raises any error after it returned, so no longjmp crosses a Swift frame.

/// Host functions and handle methods.
func luaRuntimeDispatch(
    _ context: UnsafeMutableRawPointer?, _ id: Int32, _ args: UnsafeMutablePointer<spark_args>?,
    _ results: UnsafeMutablePointer<spark_results>?
) -> Int32 {
    guard let context, let args, let results else { return 1 }
    let state = Unmanaged<LuaState>.fromOpaque(context).takeUnretainedValue()
    var output = LuaResults(raw: UnsafeMutableRawPointer(results))
    guard let host = state.host else {
        output.setError("no host is attached to this Lua state")
        return 1
    }
    switch host.luaHostCall(id, LuaArgs(raw: UnsafeMutableRawPointer(args)), &output) {
    case .ok:
        return 0
    case .error(let message):
        output.setError(message)
        return 1
    }
}

/// `print`.
func luaRuntimePrint(_ context: UnsafeMutableRawPointer?, _ text: UnsafePointer<CChar>?, _ length: Int) {
    guard let context else { return }
    let state = Unmanaged<LuaState>.fromOpaque(context).takeUnretainedValue()
    // Copy no more than a log line can hold: the script may print a 16 MB string.
    let kept = min(length, LuaLimits.maxPrintBytes)
    var line = String(decoding: UnsafeRawBufferPointer(start: text, count: kept), as: UTF8.self)
    if kept < length { line += " … [\(length - kept) more bytes cut]" }
    state.host?.luaPrint(line)
}

/// One node of a table walk (LuaState.global).
func luaRuntimeVisit(_ context: UnsafeMutableRawPointer?, _ event: Int32, _ key: UnsafePointer<spark_value>?, _ value: UnsafePointer<spark_value>?) {
    guard let context, let key else { return }
    Unmanaged<ValueReader>.fromOpaque(context).takeUnretainedValue().visit(event, key.pointee, value?.pointee)
}
