/// Where the feed writes closed bars as they arrive (``StoreBarRecorder`` for the bar store).
public protocol ClosedBarRecorder: Sendable {
    /// Writes `bars` (ascending open time); throws when they could not be written.
    func record(_ bars: [ReceivedBar]) throws
}
