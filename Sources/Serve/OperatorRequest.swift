/// The body of the kill switch, breaker reset and flatten endpoints.
struct OperatorRequest: Codable, Sendable {
    /// Kill switch: on or off.
    var on: Bool?
    /// Kill switch level, 1 or 2.
    var level: Int?
    var strategy: String?
    var breaker: String?
    var reason: String?
}
