import Foundation
import MarketData
import SparkCore

/// Reads an import's bars on a thread of its own and hands them over in batches, so reading,
/// inflating and parsing one batch runs beside SQLite inserting the one before.
///
/// Rows arrive in file order, and a reader's error arrives after every row read before it, so an
/// import writes (and rolls back) exactly what it did when it read each row just before inserting
/// it. A few batches at most wait in between: memory stays flat in the file's size.
final class BarPrefetcher: @unchecked Sendable {
    /// One bar and the line of the file it came from (named when the store refuses the bar).
    struct Row {
        var bar: Bar
        var line: Int
    }

    /// Rows read, and how many bytes of the file were consumed once they were.
    struct Batch {
        var rows: [Row]
        var bytes: Int
    }

    /// What the reader counted besides the bars: duplicates and back-steps of a Binance dump, and its time unit.
    struct Summary {
        var duplicates = 0
        var outOfOrder = 0
        var timeUnit: String?
    }

    /// Reads rows from the source, giving each to `emit`; stops when `emit` returns false.
    typealias Read = (_ source: any ByteSource, _ emit: (Row) -> Bool) throws -> Summary

    private static let batchSize = 4096
    private static let depth = 4

    private let source: any ByteSource
    private let read: Read
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [Batch] = []
    private var failure: (any Error)?
    private var summary: Summary?
    private var exited = false
    private var cancelled = false
    // The reading thread's own.
    private var pending: [Row] = []

    /// Starts reading `source` with `read` on a new thread.
    init(source: any ByteSource, read: @escaping Read) {
        self.source = source
        self.read = read
        pending.reserveCapacity(Self.batchSize)
        let thread = Thread { [self] in produce() }
        thread.name = "spark-import-reader"
        thread.start()
    }

    /// The next batch, in file order; nil after the last one. Throws the reader's error once every
    /// batch read before it has been taken.
    func next() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty, !exited { condition.wait() }
        if !ready.isEmpty {
            condition.broadcast()
            return ready.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// What the reader counted; call after ``next()`` returned nil.
    var counts: Summary {
        condition.lock()
        defer { condition.unlock() }
        return summary ?? Summary()
    }

    /// Stops the reader (if still reading) and waits for its thread to end: after this the source is no longer read.
    func close() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !exited { condition.wait() }
        condition.unlock()
    }

    private func produce() {
        var outcome: Result<Summary, any Error>
        do {
            outcome = .success(try read(source) { self.add($0) })
            if !pending.isEmpty { _ = hand(Batch(rows: pending, bytes: source.bytesConsumed)) }
        } catch {
            outcome = .failure(error)
            // The rows read before the error are still written first, as a reader on the inserting
            // thread would have written them.
            if !pending.isEmpty { _ = hand(Batch(rows: pending, bytes: source.bytesConsumed)) }
        }
        condition.lock()
        switch outcome {
        case .success(let counted): summary = counted
        case .failure(let error): failure = error
        }
        exited = true
        condition.broadcast()
        condition.unlock()
    }

    private func add(_ row: Row) -> Bool {
        pending.append(row)
        guard pending.count == Self.batchSize else { return true }
        let full = Batch(rows: pending, bytes: source.bytesConsumed)
        pending.removeAll(keepingCapacity: true)
        return hand(full)
    }

    /// Queues `batch` once there is room; false when the importer has stopped listening.
    private func hand(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.depth, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(batch)
        condition.broadcast()
        return true
    }
}
