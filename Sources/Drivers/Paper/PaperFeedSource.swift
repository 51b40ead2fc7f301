import Engine
import Session
import SparkCore

/// Where a session's bars come from: the recorded file (read here) or a live ``PaperBarFeed``.
enum PaperFeedSource {
    case file(CSVBarSource)
    case live(any PaperBarFeed)

    /// Opens the request's feed: its live feed when it has one, else its file.
    init(_ request: PaperRequest) throws {
        if let live = request.liveFeed {
            self = .live(live)
        } else {
            self = .file(try CSVBarSource(path: request.feedPath, id: SymbolID(0), from: nil, to: nil, strict: false, skipBadRows: true, flag: nil))
        }
    }

    func next() async throws -> PaperFeedBar? {
        switch self {
        case .file(let source):
            guard case .bar(let bar) = try source.next() else { return nil }
            return PaperFeedBar(bar: bar, receivedAt: nil)
        case .live(let feed):
            return try await feed.next()
        }
    }

    /// Warnings about rows the file feed skipped.
    func finish() -> [String] {
        guard case .file(let source) = self else { return [] }
        return (try? source.finish()) ?? []
    }
}
