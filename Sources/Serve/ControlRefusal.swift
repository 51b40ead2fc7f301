/// Why a control request was refused: the HTTP status, a code for metrics and audit, and what to do.
public struct ControlRefusal: Error, Sendable, Equatable {
    public let status: Int
    /// `unsigned`, `unknown_key`, `bad_signature`, `stale`, `replayed`, `forbidden` or `invalid`.
    public let code: String
    public let message: String
    public let hint: String?

    public init(_ status: Int, _ code: String, _ message: String, hint: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
    }
}
