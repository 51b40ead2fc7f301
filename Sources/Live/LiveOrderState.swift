/// Where a live order is in its life (../shared/LIVE.md, "Order states").
public enum LiveOrderState: String, Sendable, Codable {
    /// Refused before it was sent (filters, kill switch, a journal that cannot be written).
    case denied = "DENIED"
    /// The intent is durable; the request may be in flight.
    case pendingNew = "PENDING_NEW"
    /// Sent, outcome unknown: resolved by query, never by resubmission.
    case unknown = "UNKNOWN"
    case new = "NEW"
    case partiallyFilled = "PARTIALLY_FILLED"
    case pendingCancel = "PENDING_CANCEL"
    /// A cancel whose outcome is unknown.
    case cancelUnknown = "CANCEL_UNKNOWN"
    case filled = "FILLED"
    case canceled = "CANCELED"
    case expired = "EXPIRED"
    case rejected = "REJECTED"
    /// Queried past its window and answered "does not exist" repeatedly: it never reached the book.
    case notPlaced = "NOT_PLACED"

    /// Whether nothing more is expected (a late event for a NOT_PLACED order is still applied).
    public var isTerminal: Bool {
        switch self {
        case .denied, .filled, .canceled, .expired, .rejected, .notPlaced: true
        case .pendingNew, .unknown, .new, .partiallyFilled, .pendingCancel, .cancelUnknown: false
        }
    }
}
