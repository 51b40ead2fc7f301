internal import CLuaShim

extension LuaState {
    /// Deep-copies global `name` (tables become ``LuaValue/table(_:)`` or ``LuaValue/array(_:)``;
    /// functions and cycles become ``LuaValue/other(_:)``). Reads raw: no metamethod runs.
    public func global(_ name: String) throws(LuaError) -> LuaValue {
        let reader = ValueReader()
        var name = name
        let status = withExtendedLifetime(reader) {
            name.withUTF8 { key in
                key.withMemoryRebound(to: CChar.self) {
                    spark_read_global(handle, $0.baseAddress, $0.count, 32, luaRuntimeVisit, Unmanaged.passUnretained(reader).toOpaque())
                }
            }
        }
        try check(status)
        return reader.result
    }

    /// Sets global `name` to a copy of `value`.
    public func setGlobal(_ name: String, _ value: LuaValue) throws(LuaError) {
        let program = try ValueProgram(value)
        var name = name
        let status = program.withProgram { program in
            name.withUTF8 { key in key.withMemoryRebound(to: CChar.self) { spark_set_global(handle, $0.baseAddress, $0.count, program) } }
        }
        try check(status)
    }

    /// A ref to global `name` if it is a function; nil if it is absent or anything else.
    public func functionRef(global name: String) -> LuaRef? {
        try? fieldRef(-1, name, type: SPARK_WANT_FUNCTION)
    }

    /// A ref to `table[key]`, which must be a table.
    /// - Throws: `.invalidArgument` when it is not a table.
    public func tableRef(_ table: LuaRef, _ key: String) throws(LuaError) -> LuaRef {
        try validate(table)
        guard let ref = try fieldRef(table.ref, key, type: SPARK_WANT_TABLE) else {
            throw LuaError(code: .invalidArgument, message: "field '\(key)' is not a table")
        }
        return ref
    }

    private func fieldRef(_ table: Int32, _ key: String, type: Int32) throws(LuaError) -> LuaRef? {
        var key = key
        var ref: Int32 = -2
        let status = key.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { spark_field_ref(handle, table, $0.baseAddress, $0.count, type, &ref) }
        }
        try check(status)
        return ref == -2 ? nil : LuaRef(ref: ref, owner: serial)
    }

    /// Builds a table (or any value) from `value` and returns a ref to it.
    public func makeTable(_ value: LuaValue) throws(LuaError) -> LuaRef {
        let program = try ValueProgram(value)
        var ref: Int32 = -2
        let status = program.withProgram { spark_make_ref(handle, $0, &ref) }
        try check(status)
        return LuaRef(ref: ref, owner: serial)
    }

    /// Sets `table[key]` to a copy of `value` (raw: no metamethod runs).
    public func setField(_ table: LuaRef, _ key: String, _ value: LuaValue) throws(LuaError) {
        try validate(table)
        let program = try ValueProgram(value)
        var key = key
        let status = program.withProgram { program in
            key.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { spark_set_field(handle, table.ref, $0.baseAddress, $0.count, program) }
            }
        }
        try check(status)
    }

    /// Sets `table[key]` to a host function: calling it from Lua calls
    /// ``LuaHost/luaHostCall(_:_:_:)`` with `id` (one C closure, no Lua code in between).
    public func setHostFunction(_ table: LuaRef, _ key: String, id: Int32) throws(LuaError) {
        try install(table, key, id, spark_set_host_function)
    }

    /// Sets `table[key]` to a host method of `table`: like ``setHostFunction(_:_:id:)``, and the call
    /// also tells the host whether argument 0 is `table` itself (``LuaArgs/hasOwnReceiver``), so
    /// `table.key(other, …)` can be refused.
    public func setHostMethod(_ table: LuaRef, _ key: String, id: Int32) throws(LuaError) {
        try install(table, key, id, spark_set_host_method)
    }

    /// Sets `table[key]` through one of the C setters of host closures.
    private func install(
        _ table: LuaRef, _ key: String, _ id: Int32,
        _ setter: (OpaquePointer?, Int32, UnsafePointer<CChar>?, Int, Int32) -> Int32
    ) throws(LuaError) {
        try validate(table)
        var key = key
        let status = key.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { setter(handle, table.ref, $0.baseAddress, $0.count, id) }
        }
        try check(status)
    }

    /// Declares handle class `classID` (0…63): handles pushed with this class get a shared, locked
    /// metatable whose `__index` holds `methods` (name → host id, called with the handle as
    /// argument 0, e.g. `sma:update(x)`). Registering a class again replaces its methods for new handles.
    public func registerHandleClass(_ classID: Int32, methods: [String: Int32]) throws(LuaError) {
        guard classID >= 0, classID < SPARK_MAX_CLASSES else {
            throw LuaError(code: .invalidArgument, message: "handle class ids are 0…\(SPARK_MAX_CLASSES - 1), got \(classID)")
        }
        let names = methods.keys.sorted()
        let ids = names.map { methods[$0]! }
        let status = Self.withCStrings(names) { pointers in
            ids.withUnsafeBufferPointer { spark_register_class(handle, classID, Int32(names.count), pointers, $0.baseAddress) }
        }
        try check(status)
    }

    /// Makes a reusable record table with number fields `keys` (at most 16, all 0 at first), of
    /// which `integerKeys` hold Lua integers, plus an optional string field `stringKey`.
    public func makeRecord(keys: [String], integerKeys: Set<String> = [], stringKey: String? = nil) throws(LuaError) -> LuaRecord {
        guard !keys.isEmpty, keys.count <= SPARK_MAX_RECORD, Set(keys).count == keys.count, stringKey.map({ !keys.contains($0) }) ?? true else {
            throw LuaError(code: .invalidArgument, message: "a record has 1…\(SPARK_MAX_RECORD) distinct number fields and a different string field")
        }
        var mask: UInt32 = 0
        for (index, key) in keys.enumerated() where integerKeys.contains(key) { mask |= 1 << UInt32(index) }
        var ref: Int32 = -2
        var id: Int32 = -1
        let status = Self.withCStrings(keys) { pointers in
            if let stringKey {
                return stringKey.withCString { spark_make_record(handle, Int32(keys.count), pointers, mask, $0, &ref, &id) }
            }
            return spark_make_record(handle, Int32(keys.count), pointers, mask, nil, &ref, &id)
        }
        try check(status)
        return LuaRecord(table: LuaRef(ref: ref, owner: serial), keys: keys, stringKey: stringKey, id: id)
    }

    /// Sets the record's string field (once, or whenever it changes; not per call).
    public func setRecordString(_ record: LuaRecord, _ value: String) throws(LuaError) {
        try validate(record.table)
        guard record.stringKey != nil else { throw LuaError(code: .invalidArgument, message: "this record has no string field") }
        var value = value
        let status = value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { spark_record_string(handle, record.id, $0.baseAddress, $0.count) }
        }
        try check(status)
    }

    /// Lets the value behind `ref` be collected. Using the ref afterwards gives nil or another value.
    public func release(_ ref: LuaRef) throws(LuaError) {
        try validate(ref)
        try check(spark_unref(handle, ref.ref))
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        var bytes: [CChar] = []
        var offsets: [Int] = []
        for string in strings {
            offsets.append(bytes.count)
            bytes.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
            bytes.append(0)
        }
        return bytes.withUnsafeBufferPointer { buffer in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { buffer.baseAddress! + $0 }
            return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
    }
}

extension LuaState {
    /// Puts `sma`, `ema`, `rsi`, `atr`, `bbands`, `highest`, `lowest`, `crossover` and `crossunder`
    /// into `table`: indicators computed in C, so updating one never leaves C (see ``StreamingIndicator``).
    public func installIndicators(into table: LuaRef) throws(LuaError) {
        try validate(table)
        try check(spark_install_indicators(handle, table.ref))
    }
}
