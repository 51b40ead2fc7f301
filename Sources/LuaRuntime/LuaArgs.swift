internal import CLuaShim

/// The arguments of a host call: a non-allocating view over values C read off the Lua stack.
///
/// Indices start at 0; for a method call (`ctx:buy{…}`, `ind:update(x)`) index 0 is the receiver.
/// A table argument is offered as its string-keyed scalar fields (at most 16): reading the fields
/// of a table that has more, or a nested table or function, makes the call raise a clear Lua error
/// after the host returns. Valid only inside ``LuaHost/luaHostCall(_:_:_:)``.
public struct LuaArgs {
    let raw: UnsafeMutableRawPointer

    @inline(__always)
    var args: UnsafeMutablePointer<spark_args> { raw.assumingMemoryBound(to: spark_args.self) }

    /// How many arguments Lua passed.
    public var count: Int { Int(args.pointee.count) }

    @inline(__always)
    func slot(_ index: Int) -> UnsafeMutablePointer<spark_value>? {
        guard index >= 0, index < Int(args.pointee.count) else { return nil }
        return spark_args_value(args, Int32(index))
    }

    /// The argument at `index` (absent ones read as `.none`, like nil).
    public func scalar(at index: Int) -> LuaScalar? {
        slot(index).map { LuaScalar(raw: UnsafeMutableRawPointer($0)) }
    }

    /// The type of the argument at `index`; `.none` past the end.
    public func type(at index: Int) -> LuaType {
        guard let slot = slot(index) else { return .none }
        return LuaScalar.type(of: slot.pointee.type)
    }

    /// Whether argument 0 (`self`) is the table this method was installed on with
    /// ``LuaState/setHostMethod(_:_:id:)``; always false for a plain host function.
    public var hasOwnReceiver: Bool { args.pointee.own_receiver == 1 }

    /// Lua's name for the argument's type ("number", "string", …; "no value" past the end), for messages.
    public func typeName(at index: Int) -> String { scalar(at: index)?.typeName ?? "no value" }

    /// Whether the argument is nil or absent.
    public func isNil(at index: Int) -> Bool {
        guard let slot = slot(index) else { return true }
        return slot.pointee.type == SPARK_T_NIL
    }

    /// Whether the argument is a table.
    public func isTable(at index: Int) -> Bool { slot(index)?.pointee.type == SPARK_T_TABLE }

    /// A number (integer or float), else nil. Strings are not converted.
    @inline(__always)
    public func number(at index: Int) -> Double? {
        guard let slot = slot(index) else { return nil }
        let type = slot.pointee.type
        return type == SPARK_T_NUM || type == SPARK_T_INT ? slot.pointee.d : nil
    }

    /// An integer, or a float with an exact integer value, else nil.
    public func integer(at index: Int) -> Int64? { scalar(at: index)?.integer }

    /// A boolean, else nil.
    public func bool(at index: Int) -> Bool? { scalar(at: index)?.bool }

    /// A string, copied (allocates: for rare paths), else nil.
    public func string(at index: Int) -> String? { scalar(at: index)?.string }

    /// Runs `body` on a string argument's bytes without copying; nil when not a string.
    public func withStringBytes<R>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        try scalar(at: index)?.withStringBytes(body)
    }

    /// Whether the argument is the string `text`, without allocating.
    public func equalsString(at index: Int, _ text: StaticString) -> Bool { scalar(at: index)?.equals(text) ?? false }

    /// A handle's class and id, else nil.
    @inline(__always)
    public func handle(at index: Int) -> (classID: Int32, id: Int64)? {
        guard let slot = slot(index), slot.pointee.type == SPARK_T_HANDLE else { return nil }
        return (slot.pointee.aux, slot.pointee.i)
    }

    /// How `tostring` would show the argument (for logs).
    public func description(at index: Int) -> String { scalar(at: index)?.description ?? "nil" }

    /// The argument as `tostring` shows it, a string copied only up to `maxBytes`.
    public func description(at index: Int, maxBytes: Int) -> String { scalar(at: index)?.description(maxBytes: maxBytes) ?? "nil" }

    /// The field `name` of a table argument; nil when absent or when the argument is not a table.
    public func field(at index: Int, _ name: String) -> LuaScalar? {
        guard let table = flatTable(index) else { return nil }
        var name = name
        return name.withUTF8 { key -> LuaScalar? in
            for offset in 0..<Int(table.i) {
                let field = spark_args_field(args, table.aux + Int32(offset))!
                if spark_bytes_equal(field.pointee.key, field.pointee.keylen, key.baseAddress, key.count) != 0 {
                    return LuaScalar(raw: UnsafeMutableRawPointer(field).advanced(by: MemoryLayout<spark_field>.offset(of: \spark_field.value)!))
                }
            }
            return nil
        }
    }

    /// The first field of a table argument whose name is not in `allowed`, or nil when all are
    /// (or when the argument is not a table). Allocates only for the name it returns.
    public func firstUnknownField(at index: Int, allowed: [StaticString]) -> String? {
        guard let table = flatTable(index) else { return nil }
        for offset in 0..<Int(table.i) {
            let field = spark_args_field(args, table.aux + Int32(offset))!.pointee
            let known = allowed.contains { spark_bytes_equal(field.key, field.keylen, $0.utf8Start, $0.utf8CodeUnitCount) != 0 }
            if !known { return String(decoding: UnsafeRawBufferPointer(start: field.key, count: field.keylen), as: UTF8.self) }
        }
        return nil
    }

    /// The field names of a table argument (allocates), in Lua's traversal order.
    public func fieldNames(at index: Int) -> [String] {
        guard let table = flatTable(index) else { return [] }
        return (0..<Int(table.i)).map { offset in
            let field = spark_args_field(args, table.aux + Int32(offset))!.pointee
            return String(decoding: UnsafeRawBufferPointer(start: field.key, count: field.keylen), as: UTF8.self)
        }
    }

    /// The table argument's header, flagging a table that could not be flattened so C raises.
    private func flatTable(_ index: Int) -> spark_value? {
        guard let slot = slot(index), slot.pointee.type == SPARK_T_TABLE else { return nil }
        if slot.pointee.flat == 0 {
            if args.pointee.flat_error_arg == 0 { args.pointee.flat_error_arg = Int32(index + 1) }
            return nil
        }
        return slot.pointee
    }
}
