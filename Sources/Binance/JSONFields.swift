import Foundation

/// Typed reads of one JSON object whose errors name the object and the field (never its value,
/// which could be anything the server sent).
struct JSONFields {
    let object: [String: Any]
    /// What the object is, for errors: "order", "executionReport", "exchangeInfo.symbols[0]".
    let context: String

    init(_ object: [String: Any], context: String) {
        self.object = object
        self.context = context
    }

    /// Parses `bytes` as one JSON object.
    init(bytes: [UInt8], context: String) throws(GatewayError) {
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
              let object = value as? [String: Any] else {
            throw GatewayError(.malformed, message: "\(context): the answer is not a JSON object")
        }
        self.init(object, context: context)
    }

    func fail(_ field: String, _ problem: String) -> GatewayError {
        GatewayError(.malformed, message: "\(context): field \"\(field)\" \(problem)")
    }

    func has(_ field: String) -> Bool { object[field] != nil && !(object[field] is NSNull) }

    func string(_ field: String) throws(GatewayError) -> String {
        guard let value = object[field] else { throw fail(field, "is missing") }
        guard let text = value as? String else { throw fail(field, "is not text") }
        return text
    }

    func optionalString(_ field: String) throws(GatewayError) -> String? {
        has(field) ? try string(field) : nil
    }

    func int64(_ field: String) throws(GatewayError) -> Int64 {
        guard let value = object[field] else { throw fail(field, "is missing") }
        guard let number = value as? NSNumber, !Self.isBoolean(number), number.doubleValue == number.doubleValue.rounded() else {
            throw fail(field, "is not an integer")
        }
        return number.int64Value
    }

    func optionalInt64(_ field: String) throws(GatewayError) -> Int64? {
        has(field) ? try int64(field) : nil
    }

    /// JSON `true`/`false` come back as NSNumbers of ObjC type `c`; a plain `1` also casts to Bool, so the type decides.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    func bool(_ field: String) throws(GatewayError) -> Bool {
        guard let value = object[field] else { throw fail(field, "is missing") }
        guard let number = value as? NSNumber, Self.isBoolean(number) else { throw fail(field, "is not true or false") }
        return number.boolValue
    }

    func objects(_ field: String) throws(GatewayError) -> [JSONFields] {
        guard let value = object[field] else { throw fail(field, "is missing") }
        guard let items = value as? [Any] else { throw fail(field, "is not a list") }
        var out: [JSONFields] = []
        for (index, item) in items.enumerated() {
            guard let child = item as? [String: Any] else { throw fail("\(field)[\(index)]", "is not an object") }
            out.append(JSONFields(child, context: "\(context).\(field)[\(index)]"))
        }
        return out
    }

    func object(_ field: String) throws(GatewayError) -> JSONFields {
        guard let value = object[field] else { throw fail(field, "is missing") }
        guard let child = value as? [String: Any] else { throw fail(field, "is not an object") }
        return JSONFields(child, context: "\(context).\(field)")
    }

    func enumValue<T: RawRepresentable>(_ field: String, as type: T.Type) throws(GatewayError) -> T where T.RawValue == String {
        let text = try string(field)
        guard let value = T(rawValue: text) else { throw fail(field, "has an unknown value \"\(text.prefix(32))\"") }
        return value
    }

    /// A list of JSON objects at the top level of `bytes`.
    static func list(bytes: [UInt8], context: String) throws(GatewayError) -> [JSONFields] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes)), let items = value as? [Any] else {
            throw GatewayError(.malformed, message: "\(context): the answer is not a JSON list")
        }
        var out: [JSONFields] = []
        for (index, item) in items.enumerated() {
            guard let object = item as? [String: Any] else {
                throw GatewayError(.malformed, message: "\(context)[\(index)]: not an object")
            }
            out.append(JSONFields(object, context: "\(context)[\(index)]"))
        }
        return out
    }
}
