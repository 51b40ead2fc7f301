/// What a reader does with a malformed row.
public enum BadRowPolicy: Sendable, Equatable {
    /// Drop the row, remember it as a ``CSVIssue`` (up to a cap; all are counted) and go on.
    case skip
    /// Throw ``CSVError`` with code `.badRow` at the first bad row.
    case fail
}
