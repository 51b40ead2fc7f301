internal import CLuaShim

/// One sandboxed Lua 5.4 state: load chunks, call their functions, expose host functions.
///
/// Not Sendable: one owner (one isolation domain) uses it at a time. Every Lua API call that can
/// raise runs in C inside a protected frame, so Lua errors (and budget or memory trips) come back
/// as a thrown ``LuaError``. After a budget or memory failure the state is poisoned: ``failure`` is
/// set and every later call throws `.poisoned` at once.
public final class LuaState {
    let handle: OpaquePointer
    let serial: UInt32
    /// The limits the state runs under.
    public let limits: LuaLimits
    /// The object serving host functions and `print`; it must outlive every call into the state.
    ///
    /// Not retained (the host usually owns the state) and not `weak` either: a weak reference moves
    /// the host's reference count to a side table, and every host call would pay its slow path.
    /// Hosts clear it in their `deinit`.
    public unowned(unsafe) var host: (any LuaHost)?
    /// The sticky failure (time, instructions or memory), once one happened.
    public private(set) var failure: LuaError?

    /// A fresh sandboxed state, `math.random` seeded from `seed`.
    ///
    /// - Throws: ``LuaError`` `.invalidArgument` for unusable limits, `.memory` when even the empty
    ///   sandbox does not fit in `limits.memoryLimit`.
    public init(limits: LuaLimits = LuaLimits(), seed: UInt64) throws(LuaError) {
        guard limits.memoryLimit > 0, limits.maxStringBytes >= 0, limits.effectiveCCallLimitNanoseconds > 0,
              (limits.instructionBudget ?? 1) > 0 else {
            throw LuaError(code: .invalidArgument, message: "LuaLimits: memory, string and per-call limits and the instruction budget must be positive")
        }
        var cLimits = spark_limits(
            time_budget_ns: limits.timeBudgetNanoseconds, instruction_budget: Int64(limits.instructionBudget ?? 0),
            memory_limit: limits.memoryLimit, max_string_bytes: limits.maxStringBytes,
            c_call_limit_ns: limits.effectiveCCallLimitNanoseconds, backstop_ns: limits.effectiveBackstopNanoseconds, seed: seed
        )
        var status: Int32 = 0
        guard let handle = spark_open(&cLimits, nil, luaRuntimeDispatch, luaRuntimePrint, &status) else {
            throw LuaError(code: .memory, message: "could not create a Lua state (out of memory)")
        }
        if status != SPARK_OK {
            let message = Self.copy(spark_error_message, handle)
            spark_close(handle)
            throw LuaError(code: .memory, message: "the Lua sandbox does not fit in the memory limit of \(limits.memoryLimit) bytes (\(message))")
        }
        self.handle = handle
        self.serial = spark_next_serial()
        self.limits = limits
        spark_set_host(handle, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        spark_close(handle)
    }

    /// Bytes the state currently holds.
    public var memoryInUse: Int { spark_memory_in_use(handle) }

    /// Loads `source` as text (binary chunks are refused) and runs it in the sandbox, under the budgets.
    ///
    /// `chunkName` (e.g. "strategies/sma_cross.lua") is how messages name the chunk ("file:line");
    /// a leading "=" or "@" is passed to Lua as is.
    /// - Throws: ``LuaError`` `.syntax`, `.runtime`, `.sandbox`, a budget or memory code.
    public func load(source: String, chunkName: String) throws(LuaError) {
        let name = chunkName.hasPrefix("=") || chunkName.hasPrefix("@") ? chunkName : "@" + chunkName
        var source = source
        let status = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                name.withCString { spark_load(handle, text.baseAddress, text.count, $0) }
            }
        }
        try check(status)
    }

    // MARK: errors

    /// Throws the error a C status stands for (nothing for success).
    @inline(__always)
    func check(_ status: Int32) throws(LuaError) {
        if status != SPARK_OK { throw error(for: status) }
    }

    /// Refuses refs of other states and calls into a failed state.
    @inline(__always)
    func validate(_ ref: LuaRef) throws(LuaError) {
        guard ref.owner == serial else {
            throw LuaError(code: .invalidArgument, message: "this LuaRef belongs to another Lua state")
        }
    }

    func error(for status: Int32) -> LuaError {
        switch status {
        case SPARK_POISONED:
            let original = failure?.message ?? "an earlier failure"
            return LuaError(code: .poisoned, message: "this Lua state already failed: \(original)", chunk: failure?.chunk, line: failure?.line)
        case SPARK_REENTRANT:
            return LuaError(code: .invalidArgument, message: "a host function called back into its own Lua state")
        default:
            break
        }
        var message = Self.copy(spark_error_message, handle)
        let traceback = Self.cleanTraceback(Self.copy(spark_error_traceback, handle))
        let code: LuaError.Code
        switch spark_failure(handle) {
        case SPARK_FAIL_TIME: code = .timeBudget
        case SPARK_FAIL_INSTRUCTIONS: code = .instructionBudget
        case SPARK_FAIL_MEMORY:
            code = .memory
            // Name the allocation that broke the cap, not wherever the stopping hook fired later.
            let place = String(cString: spark_error_where(handle))
            let limit = "memory limit of \(Self.megabytes(limits.memoryLimit)) exceeded"
            let caught = status == SPARK_TRIPPED ? " (the script caught the out-of-memory error; the limit is sticky)" : ""
            if !place.isEmpty {
                message = "\(place): \(limit)\(caught)"
            } else if status == SPARK_TRIPPED || LuaError.position(in: message) == nil {
                message = limit + caught
            }
        default:
            switch (status, spark_error_kind(handle)) {
            case (_, SPARK_KIND_SANDBOX): code = .sandbox
            case (_, SPARK_KIND_HOST): code = .host
            case (SPARK_ERRSYNTAX, _): code = .syntax
            case (SPARK_ERRMEM, _): code = .memory
            default: code = .runtime
            }
        }
        let error = LuaError(code: code, message: message, traceback: traceback.isEmpty ? nil : traceback)
        if code.isSticky, failure == nil { failure = error }
        return error
    }

    static func copy(_ read: (OpaquePointer?, UnsafeMutablePointer<Int>?) -> UnsafePointer<CChar>?, _ handle: OpaquePointer) -> String {
        var length = 0
        guard let bytes = read(handle, &length) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    /// Drops the frames of the C trampolines ("[C]: in ?"), which say nothing to a script author.
    static func cleanTraceback(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0 != "\t[C]: in ?" }
            .joined(separator: "\n")
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }
}
