/// Input a chart cannot draw: what is wrong, which input it is, and what to do.
public struct ChartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        /// A series, axis or table has nothing to draw.
        case empty
        /// Two inputs that must have the same length do not.
        case mismatchedLengths = "mismatched_lengths"
        /// A value is NaN or infinite where a finite number is required.
        case nonFinite = "non_finite"
        /// Times go backwards.
        case unordered
        /// The image is smaller than the chart can be laid out in.
        case sizeTooSmall = "size_too_small"
        /// The image is larger than a report needs (and than memory should hold).
        case sizeTooLarge = "size_too_large"
        /// A highlighted cell lies outside the grid.
        case outOfRange = "out_of_range"
        /// Cairo failed to draw or to encode the PNG.
        case rendering
    }

    /// The category.
    public var code: Code
    /// What is wrong, naming the input (for example `equity[12] is NaN`).
    public var message: String
    /// What the caller can do about it.
    public var hint: String

    /// Creates an error.
    public init(_ code: Code, _ message: String, hint: String) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "error: \(message)\n  hint: \(hint)"
    }
}
