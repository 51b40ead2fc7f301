import Foundation
import SparkCore

/// Draws sweep progress: a redrawn bar on a terminal, a log line every few seconds otherwise.
public final class SweepProgressView: @unchecked Sendable {
    // Called one scenario at a time by the runner (under its lock), so plain state is safe here.
    private let interactive: Bool
    private let write: @Sendable (String) -> Void
    private let objective: String
    private var lastDraw = -1.0
    /// Seconds between lines when not interactive.
    public var logEvery = 5.0

    public init(interactive: Bool, objective: String, write: @escaping @Sendable (String) -> Void) {
        self.interactive = interactive
        self.objective = objective
        self.write = write
    }

    /// A view on stderr, interactive when stderr is a terminal.
    public static func standardError(objective: String) -> SweepProgressView {
        SweepProgressView(interactive: isatty(STDERR_FILENO) == 1, objective: objective) { StandardError.write($0) }
    }

    public func update(_ progress: SweepProgress) {
        let finished = progress.done == progress.total
        guard finished || progress.elapsed - lastDraw >= (interactive ? 0.1 : logEvery) else { return }
        lastDraw = progress.elapsed
        let line = Self.line(progress, objective: objective)
        if interactive {
            let width = 24
            let filled = progress.total > 0 ? progress.done * width / progress.total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            write("\r\(bar) \(line)\u{1B}[K" + (finished ? "\n" : ""))
        } else {
            write("sweep: \(line)\n")
        }
    }

    /// `37/200 (5 reused, 1 failed)  4.1/s  ETA 40s  best sharpe 1.82 {"fast":8,"slow":30}`
    static func line(_ progress: SweepProgress, objective: String) -> String {
        var parts = ["\(progress.done)/\(progress.total)"]
        var notes: [String] = []
        if progress.reused > 0 { notes.append("\(progress.reused) reused") }
        if progress.failed > 0 { notes.append("\(progress.failed) failed") }
        if !notes.isEmpty { parts[0] += " (\(notes.joined(separator: ", ")))" }
        parts.append(String(format: "%.1f/s", progress.rate))
        parts.append("ETA " + (progress.eta.map(Self.duration) ?? "?"))
        if let best = progress.best {
            parts.append("best \(objective) \(String(format: "%.4g", best.value)) \(best.params)")
        }
        return parts.joined(separator: "  ")
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m" }
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}
