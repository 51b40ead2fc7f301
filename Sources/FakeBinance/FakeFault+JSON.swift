import Foundation

extension FakeFault {
    /// Reads a fault from the control API's JSON (`{"kind": "rate_limit", "count": 1, "retryAfterSeconds": 5}`).
    static func parse(_ json: [String: Any]) -> FakeFault? {
        guard let name = json["kind"] as? String, let kind = Kind(rawValue: name) else { return nil }
        func int(_ key: String) -> Int? { (json[key] as? NSNumber)?.intValue ?? (json[key] as? String).flatMap { Int($0) } }
        return FakeFault(
            kind, count: int("count") ?? 1, ms: int("ms") ?? 0, placed: (json["placed"] as? Bool) ?? false, code: int("code") ?? -1006,
            seconds: int("retryAfterSeconds") ?? int("seconds") ?? 10, gap: json["gap"] as? String ?? "kline",
            path: json["path"] as? String, method: json["method"] as? String,
            duringFills: (json["during_fills"] as? Bool) ?? (json["duringFills"] as? Bool) ?? true
        )
    }
}
