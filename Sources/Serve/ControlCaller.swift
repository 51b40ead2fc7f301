/// Who made an accepted control request.
public struct ControlCaller: Sendable, Equatable {
    public let keyID: String
    public let owner: String
    public let roles: [String]
}
