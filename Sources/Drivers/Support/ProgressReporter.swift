import Foundation
import SparkCore

/// Progress of a long import or fetch: a redrawn bar with rate and ETA on a terminal, plain log
/// lines (about one per ``logEvery`` seconds) when stderr is a file or a CI log.
public final class ProgressReporter {
    private let interactive: Bool
    private let write: (String) -> Void
    private let now: () -> Double
    /// Seconds between log lines when not interactive.
    public var logEvery = 5.0
    private var label = ""
    private var total: Int?
    private var started = 0.0
    private var lastDraw = -1.0

    /// - Parameters:
    ///   - interactive: draw a bar (true on a TTY); false writes plain lines.
    ///   - now: monotonic seconds, injected so output can be tested.
    ///   - write: where text goes (stderr in the CLI); bar redraws start with `\r`.
    public init(interactive: Bool, now: @escaping () -> Double, write: @escaping (String) -> Void) {
        self.interactive = interactive
        self.now = now
        self.write = write
    }

    /// A reporter on stderr, interactive when stderr is a terminal.
    public static func standardError() -> ProgressReporter {
        let clock = ContinuousClock()
        let origin = clock.now
        return ProgressReporter(
            interactive: isatty(STDERR_FILENO) == 1,
            now: {
                let elapsed = clock.now - origin
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            },
            write: { StandardError.write($0) }
        )
    }

    /// Starts a task of `total` units (bytes, or bars), when known.
    public func start(label: String, total: Int?) {
        self.label = label
        self.total = total
        started = now()
        lastDraw = started
        if !interactive { write("\(label): started\n") }
    }

    /// Reports `done` units and `rows` bars so far.
    public func update(done: Int, rows: Int) {
        let time = now()
        let interval = interactive ? 0.1 : logEvery
        guard time - lastDraw >= interval else { return }
        lastDraw = time
        let elapsed = max(time - started, 1e-9)
        let rate = Double(rows) / elapsed
        var fraction: Double?
        if let total, total > 0 { fraction = min(1, Double(done) / Double(total)) }
        let eta = fraction.flatMap { $0 > 0 ? elapsed * (1 - $0) / $0 : nil }
        if interactive {
            let width = 30
            let filled = Int((fraction ?? 0) * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let percent = fraction.map { String(format: "%3.0f%%", $0 * 100) } ?? "   ?"
            write("\r\(label) \(bar) \(percent)  \(Self.count(rows)) bars  \(Self.count(Int(rate)))/s  ETA \(eta.map(Self.duration) ?? "?")\u{1B}[K")
        } else {
            let percent = fraction.map { String(format: "%.0f%%", $0 * 100) } ?? "?"
            write("\(label): \(percent), \(rows) bars, \(Int(rate)) bars/s, ETA \(eta.map(Self.duration) ?? "?")\n")
        }
    }

    /// Ends the task with a final line.
    public func finish(rows: Int) {
        let elapsed = max(now() - started, 1e-9)
        let line = "\(label): \(rows) bars in \(String(format: "%.2f", elapsed)) s (\(Int(Double(rows) / elapsed)) bars/s)"
        write(interactive ? "\r\(line)\u{1B}[K\n" : line + "\n")
    }

    static func count(_ value: Int) -> String {
        value >= 1_000_000 ? String(format: "%.1fM", Double(value) / 1e6) : value >= 10_000 ? "\(value / 1000)k" : "\(value)"
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}
