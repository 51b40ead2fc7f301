import SparkCore

/// Why an evidence directory failed its check: which artifact, and what was wrong with it.
public struct EvidenceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// MANIFEST.sha256 or run.json is missing or unreadable.
        case unreadable
        /// A file's bytes no longer match the manifest.
        case tampered
        /// A file the manifest lists is gone.
        case missing
        /// A file is in the directory but not in the manifest.
        case unlisted
        /// An input (strategy, policy, instruments, bars) differs from the one the run recorded.
        case inputChanged = "input_changed"
        /// The re-run produced a different artifact.
        case notReproduced = "not_reproduced"
    }

    public var code: Code
    public var message: String
    /// The artifact or input, relative to the evidence directory where it is one of its files.
    public var file: String
    public var hint: String?

    public init(_ code: Code, _ message: String, file: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.hint = hint
    }

    public var description: String {
        ErrorText.render(file: file, line: nil, column: nil, message: message, hint: hint)
    }
}
