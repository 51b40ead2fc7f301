internal import CLuaShim

/// One host-call argument or flattened table field. A view into C memory: valid only inside
/// ``LuaHost/luaHostCall(_:_:_:)``.
public struct LuaScalar {
    let raw: UnsafeMutableRawPointer

    @inline(__always)
    var value: spark_value { raw.assumingMemoryBound(to: spark_value.self).pointee }

    /// The Lua type.
    public var type: LuaType { Self.type(of: value.type) }

    /// A number (integer or float), else nil. Strings are not converted.
    public var number: Double? {
        let v = value
        return v.type == SPARK_T_NUM || v.type == SPARK_T_INT ? v.d : nil
    }

    /// An integer, or a float with an exact integer value, else nil.
    public var integer: Int64? {
        let v = value
        if v.type == SPARK_T_INT { return v.i }
        if v.type == SPARK_T_NUM, v.d == v.d.rounded(), abs(v.d) < 9.2e18 { return Int64(v.d) }
        return nil
    }

    /// A boolean, else nil.
    public var bool: Bool? {
        let v = value
        return v.type == SPARK_T_BOOL ? v.aux != 0 : nil
    }

    /// A string (copied; allocates), else nil.
    public var string: String? {
        let v = value
        guard v.type == SPARK_T_STR else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: v.s, count: v.len), as: UTF8.self)
    }

    /// A handle's class and id, else nil.
    public var handle: (classID: Int32, id: Int64)? {
        let v = value
        return v.type == SPARK_T_HANDLE ? (v.aux, v.i) : nil
    }

    /// Lua's name for the type, as `type()` gives it ("nil", "boolean", "number", "string", "table",
    /// "function", "userdata"), for messages.
    public var typeName: String {
        let v = value
        switch v.type {
        case SPARK_T_NIL, SPARK_T_NONE: return "nil"
        case SPARK_T_BOOL: return "boolean"
        case SPARK_T_INT, SPARK_T_NUM: return "number"
        case SPARK_T_STR: return "string"
        case SPARK_T_TABLE: return "table"
        case SPARK_T_OTHER where v.aux == 1: return "function"
        default: return "userdata"
        }
    }

    /// Whether this is nil (or absent).
    public var isNil: Bool { value.type == SPARK_T_NIL || value.type == SPARK_T_NONE }

    /// Runs `body` on the string's bytes without copying them; nil when not a string.
    public func withStringBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        let v = value
        guard v.type == SPARK_T_STR else { return nil }
        return try body(UnsafeRawBufferPointer(start: v.s, count: v.len))
    }

    /// Whether this is the string `text`, compared without allocating.
    public func equals(_ text: StaticString) -> Bool {
        let v = value
        guard v.type == SPARK_T_STR else { return false }
        return spark_bytes_equal(v.s, v.len, text.utf8Start, text.utf8CodeUnitCount) != 0
    }

    /// How Lua's `tostring` would show it (handles as "handle(class:id)").
    public var description: String {
        let v = value
        switch v.type {
        case SPARK_T_NIL, SPARK_T_NONE: return "nil"
        case SPARK_T_BOOL: return v.aux != 0 ? "true" : "false"
        case SPARK_T_INT: return String(v.i)
        case SPARK_T_NUM: return Self.format(v.d)
        case SPARK_T_STR: return string ?? ""
        case SPARK_T_TABLE: return "table"
        case SPARK_T_HANDLE: return "handle(\(v.aux):\(v.i))"
        default: return "function"
        }
    }

    /// Like ``description``, but a string is copied out of Lua only up to `maxBytes` (a log line
    /// is capped anyway; a 16 MB argument must not become a 16 MB host string first).
    public func description(maxBytes: Int) -> String {
        let v = value
        guard v.type == SPARK_T_STR, let bytes = v.s, v.len > maxBytes else { return description }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: maxBytes), as: UTF8.self) + " … [\(v.len - maxBytes) more bytes cut]"
    }

    static func type(of tag: Int32) -> LuaType {
        switch tag {
        case SPARK_T_NIL: .nil
        case SPARK_T_BOOL: .boolean
        case SPARK_T_INT: .integer
        case SPARK_T_NUM: .number
        case SPARK_T_STR: .string
        case SPARK_T_TABLE: .table
        case SPARK_T_HANDLE: .handle
        case SPARK_T_NONE: .none
        default: .other
        }
    }

    /// Lua's "%.14g" with ".0" on integral floats.
    static func format(_ number: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = spark_format_number(number, buffer.baseAddress, 64)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count), as: UTF8.self)
        }
    }
}
