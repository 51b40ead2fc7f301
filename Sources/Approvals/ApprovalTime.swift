public import Foundation

/// The one text form approvals use for times: ISO 8601 in UTC with milliseconds.
public enum ApprovalTime {
    /// How far in the future a statement's creation time may lie before it is refused: clocks of two
    /// machines differ a little, a proposal made "tomorrow" is a wrong clock or an attempt to outlive
    /// the policy's expiry.
    public static let allowedSkew: TimeInterval = 120

    /// `2026-01-01T00:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Reads ISO 8601 with or without fractional seconds; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
