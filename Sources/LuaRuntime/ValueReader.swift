internal import CLuaShim

/// Rebuilds a ``LuaValue`` from the events C reports while it walks a table (see spark_read_global).
final class ValueReader {
    private enum Key { case string(String), integer(Int64), other(String) }
    private var stack: [(key: Key?, entries: [(Key, LuaValue)])] = []
    private(set) var result: LuaValue = .nil

    func visit(_ event: Int32, _ key: spark_value, _ value: spark_value?) {
        let key = Self.key(key)
        switch event {
        case Int32(SPARK_VISIT_BEGIN):
            stack.append((key, []))
        case Int32(SPARK_VISIT_END):
            let frame = stack.removeLast()
            add(frame.key, Self.table(frame.entries))
        default:
            add(key, value.map(Self.scalar) ?? .nil)
        }
    }

    private func add(_ key: Key?, _ value: LuaValue) {
        if stack.isEmpty { result = value; return }
        guard let key else { return }
        stack[stack.count - 1].entries.append((key, value))
    }

    private static func key(_ value: spark_value) -> Key? {
        switch value.type {
        case SPARK_T_STR: .string(String(decoding: UnsafeRawBufferPointer(start: value.s, count: value.len), as: UTF8.self))
        case SPARK_T_INT: .integer(value.i)
        case SPARK_T_NUM: .other(LuaScalar.format(value.d))
        case SPARK_T_BOOL: .other(value.aux != 0 ? "true" : "false")
        case SPARK_T_NONE: nil
        default: .other("?")
        }
    }

    private static func scalar(_ value: spark_value) -> LuaValue {
        switch value.type {
        case SPARK_T_NIL: .nil
        case SPARK_T_BOOL: .bool(value.aux != 0)
        case SPARK_T_INT: .integer(value.i)
        case SPARK_T_NUM: .number(value.d)
        case SPARK_T_STR: .string(String(decoding: UnsafeRawBufferPointer(start: value.s, count: value.len), as: UTF8.self))
        case SPARK_T_HANDLE: .other("handle")
        case SPARK_T_OTHER where value.reason == 1: .other("cycle")
        case SPARK_T_OTHER where value.reason == 2: .other("too deep")
        default: .other("function")
        }
    }

    private static func table(_ entries: [(Key, LuaValue)]) -> LuaValue {
        var isArray = !entries.isEmpty
        for (key, _) in entries {
            guard case .integer(let index) = key, index >= 1, index <= Int64(entries.count) else { isArray = false; break }
        }
        if isArray {
            var elements = [LuaValue](repeating: .nil, count: entries.count)
            for (key, value) in entries { if case .integer(let index) = key { elements[Int(index) - 1] = value } }
            return .array(elements)
        }
        var fields: [String: LuaValue] = [:]
        for (key, value) in entries {
            switch key {
            case .string(let text): fields[text] = value
            case .integer(let integer): fields[String(integer)] = value
            case .other(let text): fields[text] = value
            }
        }
        return .table(fields)
    }
}
