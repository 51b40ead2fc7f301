internal import CLuaShim

extension LuaState {
    /// Calls `function` with no arguments: one C call, one `lua_pcall`, no allocation.
    /// - Throws: ``LuaError`` with the script's position and traceback; a budget or memory code
    ///   (sticky); `.poisoned` when the state failed before.
    public func call(_ function: LuaRef) throws(LuaError) {
        try invoke(function, nil, nil, nil, nil, count: 0)
    }

    /// Calls `function(a)`. See ``call(_:)``.
    public func call(_ function: LuaRef, _ a: LuaArg) throws(LuaError) {
        try invoke(function, a, nil, nil, nil, count: 1)
    }

    /// Calls `function(a, b)`; a record argument has its fields written inside the same protected
    /// call. See ``call(_:)``.
    public func call(_ function: LuaRef, _ a: LuaArg, _ b: LuaArg) throws(LuaError) {
        try invoke(function, a, b, nil, nil, count: 2)
    }

    /// Calls `function(a, b, c)`. See ``call(_:)``.
    public func call(_ function: LuaRef, _ a: LuaArg, _ b: LuaArg, _ c: LuaArg) throws(LuaError) {
        try invoke(function, a, b, c, nil, count: 3)
    }

    /// Calls `function(a, b, c, d)`. See ``call(_:)``.
    public func call(_ function: LuaRef, _ a: LuaArg, _ b: LuaArg, _ c: LuaArg, _ d: LuaArg) throws(LuaError) {
        try invoke(function, a, b, c, d, count: 4)
    }

    /// Calls `function(stamp, a, b, c, d, e)`: an event's integer stamp and five floats (a bar's time
    /// and prices), pushed as plain values with no table write, no allocation and no trampoline.
    /// See ``call(_:)``.
    @inline(__always)
    public func call(_ function: LuaRef, stamp: Int64, _ a: Double, _ b: Double, _ c: Double, _ d: Double, _ e: Double) throws(LuaError) {
        try validate(function)
        func number(_ value: Double) -> spark_arg {
            var out = spark_arg()
            out.kind = Int32(SPARK_ARG_NUM)
            out.d = value
            return out
        }
        var first = spark_arg()
        first.kind = Int32(SPARK_ARG_INT)
        first.i = stamp
        var args = (first, number(a), number(b), number(c), number(d), number(e))
        let status = withUnsafePointer(to: &args) { pointer in
            pointer.withMemoryRebound(to: spark_arg.self, capacity: 6) { spark_call(handle, function.ref, 6, $0) }
        }
        if status != SPARK_OK { throw error(for: status) }
    }

    /// Calls `function` with up to 16 scalars and refs (no records): one protected call that allocates
    /// nothing in Lua. For callbacks with many arguments, such as a fill; strings go as refs made once.
    /// See ``call(_:)``.
    public func call(_ function: LuaRef, arguments: [LuaArg]) throws(LuaError) {
        try validate(function)
        guard arguments.count <= 16 else { throw LuaError(code: .invalidArgument, message: "call: at most 16 arguments") }
        var args: [spark_arg] = []
        args.reserveCapacity(arguments.count)
        for argument in arguments {
            if case .record = argument { throw LuaError(code: .invalidArgument, message: "call(arguments:) takes no records") }
            try validate(argument)
            args.append(cArg(argument, nil))
        }
        let status = args.withUnsafeBufferPointer { spark_call(handle, function.ref, Int32($0.count), $0.baseAddress) }
        if status != SPARK_OK { throw error(for: status) }
    }

    /// Calls `function` with any values and returns refs to its first `results` results (refs to
    /// nil for missing ones). Allocates: for setup and rare callbacks, not per bar.
    public func callReturning(_ function: LuaRef, _ arguments: [LuaValue], results: Int) throws(LuaError) -> [LuaRef] {
        try validate(function)
        guard results >= 0, results <= 64 else { throw LuaError(code: .invalidArgument, message: "callReturning: results must be 0…64") }
        let program = try ValueProgram(arguments)
        var refs = [Int32](repeating: -1, count: max(results, 1))
        let status = program.withProgram { program in
            refs.withUnsafeMutableBufferPointer { spark_call_values(handle, function.ref, program, Int32(results), $0.baseAddress) }
        }
        try check(status)
        return refs.prefix(results).map { LuaRef(ref: $0, owner: serial) }
    }

    @inline(__always)
    private func invoke(_ function: LuaRef, _ a: LuaArg?, _ b: LuaArg?, _ c: LuaArg?, _ d: LuaArg?, count: Int32) throws(LuaError) {
        try validate(function)
        try validate(a); try validate(b); try validate(c); try validate(d)
        let status = values(a) { pa in
            values(b) { pb in
                values(c) { pc in
                    values(d) { pd in
                        var args = (cArg(a, pa), cArg(b, pb), cArg(c, pc), cArg(d, pd))
                        return withUnsafePointer(to: &args) { pointer in
                            pointer.withMemoryRebound(to: spark_arg.self, capacity: 4) {
                                spark_call(handle, function.ref, count, $0)
                            }
                        }
                    }
                }
            }
        }
        if status != SPARK_OK { throw error(for: status) }
    }

    @inline(__always)
    private func validate(_ arg: LuaArg?) throws(LuaError) {
        switch arg {
        case .ref(let ref)?: try validate(ref)
        case .record(let record, _)?: try validate(record.table)
        default: break
        }
    }

    @inline(__always)
    private func values<R>(_ arg: LuaArg?, _ body: (UnsafePointer<Double>?) -> R) -> R {
        if case .record(_, let values)? = arg {
            return values.withUnsafeBufferPointer { body($0.baseAddress) }
        }
        return body(nil)
    }

    @inline(__always)
    private func cArg(_ arg: LuaArg?, _ values: UnsafePointer<Double>?) -> spark_arg {
        var out = spark_arg()
        switch arg {
        case .none: break
        case .ref(let ref)?:
            out.kind = Int32(SPARK_ARG_REF)
            // A ref of another state is passed as nil rather than as a random registry slot.
            out.ref = ref.owner == serial ? ref.ref : -1
        case .number(let number)?: out.kind = Int32(SPARK_ARG_NUM); out.d = number
        case .integer(let integer)?: out.kind = Int32(SPARK_ARG_INT); out.i = integer
        case .bool(let flag)?: out.kind = Int32(SPARK_ARG_BOOL); out.i = flag ? 1 : 0
        case .nil?: out.kind = Int32(SPARK_ARG_NIL)
        case .record(let record, let array)?:
            if record.table.owner == serial {
                out.kind = Int32(SPARK_ARG_RECORD)
                out.record = record.id
                out.count = Int32(min(array.count, record.keys.count))
                out.values = values
            } else {
                out.kind = Int32(SPARK_ARG_NIL)
            }
        }
        return out
    }
}
