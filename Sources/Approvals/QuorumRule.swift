/// What one kind of change needs: how many distinct people, which roles among them, how long it lives.
public struct QuorumRule: Sendable, Equatable {
    /// Distinct approvers needed, the proposer never counted.
    public var approvers: Int
    /// Each role must be held by at least one counted approver.
    public var roles: [String]
    /// A proposal (and so every approval of it) expires this many days after it was made.
    public var expiresAfterDays: Int
    /// Whether a proposal may name "any symbol" instead of a list (`any_symbol` in approval.yaml).
    public var allowsAnySymbol: Bool

    public init(approvers: Int, roles: [String], expiresAfterDays: Int, allowsAnySymbol: Bool = false) {
        self.approvers = approvers
        self.roles = roles
        self.expiresAfterDays = expiresAfterDays
        self.allowsAnySymbol = allowsAnySymbol
    }
}
