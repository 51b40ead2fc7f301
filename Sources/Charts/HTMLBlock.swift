public import Foundation

/// One block of an ``HTMLSection``.
public enum HTMLBlock: Sendable, Equatable {
    /// A paragraph of plain text.
    case paragraph(String)
    /// A two-column table of names and values (for example run settings or headline metrics).
    case keyValues([KeyValue])
    /// A data table: a header row and rows of cells; columns whose cells are all numbers are right-aligned.
    case table(header: [String], rows: [[String]])
    /// A PNG image, embedded in the page, with alternative text and an optional caption.
    case image(png: Data, alt: String, caption: String?)
    /// A list of links to files beside the page (relative paths), each with a short note.
    case links([Link])

    /// One entry of a ``HTMLBlock/links(_:)`` list.
    public struct Link: Sendable, Equatable {
        public var label: String
        /// A relative path; absolute URLs are refused so the page never reaches the network.
        public var href: String
        public var note: String

        public init(_ label: String, href: String, note: String = "") {
            self.label = label
            self.href = href
            self.note = note
        }
    }

    /// One row of a ``HTMLBlock/keyValues(_:)`` table.
    public struct KeyValue: Sendable, Equatable {
        /// The name, in the left column.
        public var key: String
        /// The value, in the right column.
        public var value: String

        /// Creates a row.
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }
}
