import Charts
import Foundation
import Testing

@Suite("HTML page")
struct HTMLPageTests {
    @Test("a script tag in the title, a heading or a cell comes out escaped")
    func escapes() {
        var section = HTMLSection("<b>Results</b>")
        section.paragraph("a & b")
        section.keyValues([("key\"", "it's")])
        section.table(header: ["<th>"], rows: [["<script>alert(1)</script>"]])
        let html = HTMLPage(title: "<script>alert('x')</script>", sections: [section]).render()
        #expect(!html.contains("<script"))
        #expect(html.contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</title>"))
        #expect(html.contains("<h2>&lt;b&gt;Results&lt;/b&gt;</h2>"))
        #expect(html.contains("a &amp; b"))
        #expect(html.contains("key&quot;"))
    }

    @Test("images are embedded as base64 data URIs and nothing refers to the network")
    func embedsImages() throws {
        let png = try BarChart(categories: ["a"], series: [BarChartSeries(name: "s", values: [1])], title: "t", yLabel: "y").png()
        var section = HTMLSection("Charts")
        section.image(png: png, alt: "bars \"quoted\"", caption: "Caption")
        let html = HTMLPage(title: "Report", subtitle: "sub", sections: [section]).render()
        #expect(html.contains("src=\"data:image/png;base64,\(png.base64EncodedString())\""))
        #expect(html.contains("alt=\"bars &quot;quoted&quot;\""))
        #expect(!html.lowercased().contains("http"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
    }

    @Test("numeric columns are right-aligned and text columns are not")
    func numericColumns() {
        var section = HTMLSection("Windows")
        section.table(header: ["Window", "Sharpe", "Return"], rows: [["W1", "1.20", "+3.2%"], ["W2", "−0.40", "1,204.5%"], ["W3", "—", "n/a"]])
        let html = HTMLPage(title: "T", sections: [section]).render()
        #expect(html.contains("<th>Window</th><th class=\"num\">Sharpe</th><th class=\"num\">Return</th>"))
        #expect(html.contains("<td>W2</td><td class=\"num\">−0.40</td><td class=\"num\">1,204.5%</td>"))
    }
}
