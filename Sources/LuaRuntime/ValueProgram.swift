internal import CLuaShim

/// A ``LuaValue`` tree flattened into the little stack program C runs inside a protected frame.
struct ValueProgram {
    var ops: [spark_op] = []
    var pool: [CChar] = [0]
    var values: Int32 = 0

    init() {}

    init(_ value: LuaValue) throws(LuaError) {
        try append(value)
    }

    init(_ values: [LuaValue]) throws(LuaError) {
        for value in values { try append(value) }
    }

    mutating func append(_ value: LuaValue) throws(LuaError) {
        try emit(value, depth: 0)
        values += 1
    }

    private mutating func bytes(_ text: String) -> (Int, Int) {
        let offset = pool.count
        for byte in text.utf8 { pool.append(CChar(bitPattern: byte)) }
        return (offset, pool.count - offset)
    }

    private mutating func emit(_ value: LuaValue, depth: Int) throws(LuaError) {
        guard depth < 100 else { throw LuaError(code: .invalidArgument, message: "value nested more than 100 tables deep") }
        var op = spark_op()
        switch value {
        case .nil: op.op = Int32(SPARK_OP_NIL)
        case .bool(let flag): op.op = Int32(SPARK_OP_BOOL); op.a = flag ? 1 : 0
        case .integer(let integer): op.op = Int32(SPARK_OP_INT); op.i = integer
        case .number(let number): op.op = Int32(SPARK_OP_NUM); op.d = number
        case .string(let text):
            op.op = Int32(SPARK_OP_STR)
            let (offset, length) = bytes(text)
            op.off = offset; op.len = length
        case .array(let elements):
            op.op = Int32(SPARK_OP_TABLE); op.a = Int32(clamping: elements.count)
            ops.append(op)
            for (index, element) in elements.enumerated() {
                try emit(element, depth: depth + 1)
                var set = spark_op()
                set.op = Int32(SPARK_OP_SETINDEX); set.i = Int64(index + 1)
                ops.append(set)
            }
            return
        case .table(let fields):
            op.op = Int32(SPARK_OP_TABLE); op.b = Int32(clamping: fields.count)
            ops.append(op)
            // Sorted so the table is built the same way every run.
            for key in fields.keys.sorted() {
                try emit(fields[key]!, depth: depth + 1)
                var set = spark_op()
                set.op = Int32(SPARK_OP_SETFIELD)
                let (offset, length) = bytes(key)
                set.off = offset; set.len = length
                ops.append(set)
            }
            return
        case .other(let type):
            throw LuaError(code: .invalidArgument, message: "a \(type) value cannot be copied into Lua")
        }
        ops.append(op)
    }

    /// Runs `body` with the C view of the program.
    func withProgram<R>(_ body: (UnsafePointer<spark_program>) -> R) -> R {
        ops.withUnsafeBufferPointer { ops in
            pool.withUnsafeBufferPointer { pool in
                var program = spark_program(ops: ops.baseAddress, count: Int32(ops.count), values: values, pool: pool.baseAddress)
                return withUnsafePointer(to: &program) { body($0) }
            }
        }
    }
}
