/// The guardrail policy hash in force; the venue reads it for each intent, the machine swaps it.
final class PolicyInForce: @unchecked Sendable {
    var sha256: String
    init(_ sha256: String) { self.sha256 = sha256 }
}
