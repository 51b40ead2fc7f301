internal import CLuaShim

/// The results of a host call, up to 8, pushed onto the Lua stack by C after the host returns.
/// Strings are copied into a C-owned buffer. Pushing more than 8 makes the call raise.
public struct LuaResults {
    let raw: UnsafeMutableRawPointer

    @inline(__always)
    var results: UnsafeMutablePointer<spark_results> { raw.assumingMemoryBound(to: spark_results.self) }

    /// How many results were pushed.
    public var count: Int { Int(results.pointee.count) }

    /// Pushes a float.
    @inline(__always)
    public mutating func push(number: Double) {
        guard let slot = spark_results_slot(results) else { return }
        slot.pointee.type = SPARK_T_NUM
        slot.pointee.d = number
    }

    /// Pushes an integer.
    @inline(__always)
    public mutating func push(integer: Int64) {
        guard let slot = spark_results_slot(results) else { return }
        slot.pointee.type = SPARK_T_INT
        slot.pointee.i = integer
    }

    /// Pushes a boolean.
    @inline(__always)
    public mutating func push(bool: Bool) {
        guard let slot = spark_results_slot(results) else { return }
        slot.pointee.type = SPARK_T_BOOL
        slot.pointee.aux = bool ? 1 : 0
    }

    /// Pushes nil.
    @inline(__always)
    public mutating func pushNil() {
        guard let slot = spark_results_slot(results) else { return }
        slot.pointee.type = SPARK_T_NIL
    }

    /// Pushes a string (copied).
    public mutating func push(string: String) {
        var string = string
        string.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { spark_results_string(results, $0.baseAddress, $0.count) }
        }
    }

    /// Pushes a handle: a userdata of class `classID` (methods from
    /// ``LuaState/registerHandleClass(_:methods:)``) carrying `id`.
    @inline(__always)
    public mutating func push(handle classID: Int32, id: Int64) {
        guard let slot = spark_results_slot(results) else { return }
        slot.pointee.type = SPARK_T_HANDLE
        slot.pointee.aux = classID
        slot.pointee.i = id
    }

    mutating func setError(_ message: String) {
        var message = message
        message.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { spark_results_error(results, $0.baseAddress, $0.count) }
        }
    }
}
