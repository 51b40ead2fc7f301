import Foundation

/// A JSON object of a frame read field by field; a missing or mistyped field is an error naming it.
struct FrameFields {
    let object: [String: Any]
    /// The path to this object in the frame (`data.k`), for error locations.
    let path: String

    func child(_ key: String) throws(MarketStreamError) -> FrameFields {
        guard let value = object[key] as? [String: Any] else { throw missing(key, "an object") }
        return FrameFields(object: value, path: name(key))
    }

    func string(_ key: String) throws(MarketStreamError) -> String {
        guard let value = object[key] as? String else { throw missing(key, "a string") }
        return value
    }

    func integer(_ key: String) throws(MarketStreamError) -> Int64 {
        if let value = object[key] as? Int64 { return value }
        if let value = object[key] as? Int { return Int64(value) }
        throw missing(key, "an integer")
    }

    /// Binance sends prices and quantities as decimal strings, which keeps them exact.
    func decimal(_ key: String) throws(MarketStreamError) -> Double {
        guard let text = object[key] as? String, let value = Double(text), value.isFinite else { throw missing(key, "a decimal string") }
        return value
    }

    func bool(_ key: String) throws(MarketStreamError) -> Bool {
        guard let value = object[key] as? Bool else { throw missing(key, "true or false") }
        return value
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func missing(_ key: String, _ kind: String) -> MarketStreamError {
        let found = object[key].map { "\($0)" } ?? "nothing"
        return MarketStreamError(.malformed, "expected \(kind), found \(found.prefix(40))", location: name(key))
    }
}
