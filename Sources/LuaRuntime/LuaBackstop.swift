internal import CLuaShim
import Synchronization

/// What happens when a Lua call outlives its backstop (``LuaLimits/backstop``): the last word before
/// the process ends.
///
/// A call still running at its backstop is inside C code the sandbox could not bound, and nothing
/// can stop it short of ending the process. The watchdog thread calls the handler with a message
/// that names the script, then the process exits with status 70. A session driver installs a
/// handler that records the message where its operator and its replay will find it (the journal).
public enum LuaBackstop {
    private static let handler = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// Installs `handler` (nil: the message goes to stderr only). It runs on the watchdog thread
    /// while a Lua thread is stuck: it must not wait for that thread or take its locks.
    public static func setHandler(_ handler: (@Sendable (String) -> Void)?) {
        Self.handler.withLock { $0 = handler }
        spark_set_backstop(handler == nil ? nil : luaRuntimeBackstop)
    }

    static func fire(_ message: String) {
        Self.handler.withLock { $0 }?(message)
    }
}

/// The C watchdog's backstop callback.
func luaRuntimeBackstop(_ text: UnsafePointer<CChar>?, _ length: Int) {
    guard let text else { return }
    LuaBackstop.fire(String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self))
}
