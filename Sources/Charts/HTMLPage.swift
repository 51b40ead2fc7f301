import Foundation

/// A self-contained HTML report: one file with inline CSS, images embedded as data URIs, no
/// scripts and no network references, so it opens anywhere and archives as it is.
///
/// All text is HTML-escaped.
public struct HTMLPage: Sendable, Equatable {
    /// The page title (the `<title>` and the top heading).
    public var title: String
    /// A line under the title (for example when and from what the report was made).
    public var subtitle: String?
    /// The sections, in order.
    public var sections: [HTMLSection]

    /// Creates a page.
    public init(title: String, subtitle: String? = nil, sections: [HTMLSection] = []) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    /// Appends a section.
    public mutating func add(_ section: HTMLSection) {
        sections.append(section)
    }

    /// The whole document.
    public func render() -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <main>
        <header><h1>\(Self.escape(title))</h1>
        """
        if let subtitle { html += "<p class=\"subtitle\">\(Self.escape(subtitle))</p>" }
        html += "</header>\n"
        for section in sections {
            html += "<section>\n<h2>\(Self.escape(section.heading))</h2>\n"
            for block in section.blocks { html += Self.render(block) + "\n" }
            html += "</section>\n"
        }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    private static func render(_ block: HTMLBlock) -> String {
        switch block {
        case let .paragraph(text):
            return "<p>\(escape(text))</p>"
        case let .keyValues(pairs):
            let rows = pairs.map { "<tr><th scope=\"row\">\(escape($0.key))</th><td>\(escape($0.value))</td></tr>" }
            return "<table class=\"kv\"><tbody>\n" + rows.joined(separator: "\n") + "\n</tbody></table>"
        case let .table(header, rows):
            let width = max(header.count, rows.map(\.count).max() ?? 0)
            let numeric = (0..<width).map { column in isNumericColumn(rows.map { column < $0.count ? $0[column] : "" }) }
            func cells(_ row: [String], tag: String) -> String {
                (0..<width).map { i in
                    let text = i < row.count ? escape(row[i]) : ""
                    return numeric[i] ? "<\(tag) class=\"num\">\(text)</\(tag)>" : "<\(tag)>\(text)</\(tag)>"
                }.joined()
            }
            var html = "<div class=\"scroll\"><table class=\"data\">\n"
            if !header.isEmpty { html += "<thead><tr>\(cells(header, tag: "th"))</tr></thead>\n" }
            html += "<tbody>\n" + rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined(separator: "\n") + "\n</tbody></table></div>"
            return html
        case let .image(png, alt, caption):
            var html = "<figure><img src=\"data:image/png;base64,\(png.base64EncodedString())\" alt=\"\(escape(alt))\">"
            if let caption { html += "<figcaption>\(escape(caption))</figcaption>" }
            return html + "</figure>"
        case let .links(links):
            let items = links.map { link in
                let local = !link.href.contains(":") && !link.href.hasPrefix("//")
                let anchor = local ? "<a href=\"\(escape(link.href))\">\(escape(link.label))</a>" : escape(link.label)
                return "<li>\(anchor)\(link.note.isEmpty ? "" : " — \(escape(link.note))")</li>"
            }
            return "<ul class=\"links\">\n" + items.joined(separator: "\n") + "\n</ul>"
        }
    }

    /// True when every non-blank cell reads as a number (signs, thousands separators, and a trailing
    /// %, x or × allowed) and at least one does; placeholders like "—" and "n/a" do not count.
    static func isNumericColumn(_ cells: [String]) -> Bool {
        var numbers = 0
        for cell in cells {
            var text = cell.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || ["—", "–", "-", "n/a", "NA"].contains(text) { continue }
            text = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "\u{2212}", with: "-")
            while let last = text.last, "%x×".contains(last) { text.removeLast() }
            text = text.trimmingCharacters(in: .whitespaces)
            guard Double(text) != nil else { return false }
            numbers += 1
        }
        return numbers > 0
    }

    /// `text` with the five HTML-special characters replaced by entities (safe in text and attributes).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    private static let css = """
    :root{color-scheme:light}
    body{margin:0;background:#fff;color:#222;font:15px/1.5 "DejaVu Sans",-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
    main{max-width:1040px;margin:0 auto;padding:28px 24px 48px}
    header{border-bottom:2px solid #222;margin-bottom:8px}
    h1{font-size:26px;margin:0 0 4px}
    .subtitle{color:#555;margin:0 0 12px}
    h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid #ddd}
    p{margin:8px 0;max-width:75ch}
    table{border-collapse:collapse;margin:10px 0 16px;font-size:14px}
    th,td{padding:5px 12px;text-align:left;vertical-align:top}
    .kv th{font-weight:600;color:#555;padding-left:0}
    .kv td{font-variant-numeric:tabular-nums}
    .data thead th{border-bottom:2px solid #888;background:#f5f5f5;white-space:nowrap}
    .data tbody tr:nth-child(even){background:#fafafa}
    .data td{border-bottom:1px solid #eee}
    .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .scroll{overflow-x:auto}
    figure{margin:14px 0 22px}
    img{display:block;max-width:100%;height:auto;border:1px solid #e4e4e4}
    figcaption{color:#555;font-size:13px;margin-top:6px}
    @media print{main{max-width:none;padding:0}section,figure,table{break-inside:avoid}h2{break-after:avoid}.scroll{overflow:visible}}
    """
}
