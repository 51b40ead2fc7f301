/// Deterministic client order ids: a pure function of account tag, session slot, decision sequence,
/// kind and attempt, so a replay regenerates them and reconciliation tells Spark's orders from foreign ones.
///
/// Format `sk1-<acct>-<slot>-<seq36>-<kind><attempt>`, at most 36 characters of `[a-zA-Z0-9-_]`.
public struct ClientOrderID: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What the id names: an order (`o`), an order list (`l`) or a list leg (`a`, `b`, `c`).
    public enum Kind: Character, Sendable { case order = "o", list = "l", legA = "a", legB = "b", legC = "c" }

    public static let prefix = "sk1"
    public let account: String
    public let slot: Int
    public let sequence: Int64
    public let kind: Kind
    public let attempt: Int

    /// `account` is at most 8 characters of `[a-zA-Z0-9]`; `slot` and `attempt` are below 36.
    public init?(account: String, slot: Int, sequence: Int64, kind: Kind, attempt: Int = 0) {
        guard !account.isEmpty, account.count <= 8, account.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              (0..<36).contains(slot), (0..<36).contains(attempt), sequence >= 0 else { return nil }
        self.account = account
        self.slot = slot
        self.sequence = sequence
        self.kind = kind
        self.attempt = attempt
    }

    public var description: String {
        "\(Self.prefix)-\(account)-\(String(slot, radix: 36))-\(String(sequence, radix: 36))-\(kind.rawValue)\(String(attempt, radix: 36))"
    }

    /// Reads an id back; nil for anything Spark did not make (a foreign order).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == Self.prefix, let slot = Int(parts[2], radix: 36), let sequence = Int64(parts[3], radix: 36),
              parts[4].count == 2, let kind = Kind(rawValue: parts[4].first!), let attempt = Int(String(parts[4].last!), radix: 36),
              let id = ClientOrderID(account: String(parts[1]), slot: slot, sequence: sequence, kind: kind, attempt: attempt),
              id.description == text else { return nil }
        self = id
    }
}
