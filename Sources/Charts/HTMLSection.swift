public import Foundation

/// A section of an ``HTMLPage``: a heading and blocks in order.
public struct HTMLSection: Sendable, Equatable {
    /// The heading.
    public var heading: String
    /// The content, in order.
    public var blocks: [HTMLBlock]

    /// Creates a section.
    public init(_ heading: String, blocks: [HTMLBlock] = []) {
        self.heading = heading
        self.blocks = blocks
    }

    /// Appends a paragraph.
    public mutating func paragraph(_ text: String) {
        blocks.append(.paragraph(text))
    }

    /// Appends a table of names and values.
    public mutating func keyValues(_ pairs: [(String, String)]) {
        blocks.append(.keyValues(pairs.map { HTMLBlock.KeyValue($0.0, $0.1) }))
    }

    /// Appends a data table; numeric columns are right-aligned.
    public mutating func table(header: [String], rows: [[String]]) {
        blocks.append(.table(header: header, rows: rows))
    }

    /// Appends a PNG image (for example a chart's ``EquityChart/png()``), embedded as a data URI.
    /// Appends links to files beside the page.
    public mutating func links(_ links: [HTMLBlock.Link]) {
        blocks.append(.links(links))
    }

    public mutating func image(png: Data, alt: String, caption: String? = nil) {
        blocks.append(.image(png: png, alt: alt, caption: caption))
    }
}
