/// Where a paper session's bars come from, as its journal header states it.
///
/// Only a live market feed makes a session count toward promotion: a recorded file, or an
/// exchange's market stream (``exchange(_:)``, e.g. `binance:BTCUSDT`; tests also use the internal initialiser).
public struct FeedKind: Sendable, Equatable {
    /// Written to the journal header as `feed_kind`.
    public let name: String
    /// Whether bars arrive from a market as it trades (not from a file).
    public let isLiveMarket: Bool

    init(name: String, isLiveMarket: Bool) {
        self.name = name
        self.isLiveMarket = isLiveMarket
    }

    /// A recorded bar file replayed at some speed: never counts toward promotion.
    public static let recordedFile = FeedKind(name: "recorded-file", isLiveMarket: false)

    /// An exchange's live market stream, named as the operator spelt it (`binance:BTCUSDT`).
    public static func exchange(_ name: String) -> FeedKind { FeedKind(name: name, isLiveMarket: true) }
}
