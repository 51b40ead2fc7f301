import Foundation
import Testing
import Demos

@Suite("The services step of the demo")
struct ServeDemoTests {
    @Test("spark serve starts a paper session from a signed request, refuses an unsigned one, shows metrics and stops cleanly")
    func servesAndStops() async throws {
        var lines: [String] = []
        let output = NSTemporaryDirectory() + "spark-serve-demo-\(UUID().uuidString.prefix(8))"
        try await ServeDemo.run(root: Paths.root, output: output, print: { lines.append($0) })
        let text = lines.joined(separator: "\n")
        #expect(text.contains("an unsigned POST /sessions → 401"), "\(text)")
        #expect(text.contains("POST /sessions signed by quinn [quant] → 201"))
        #expect(text.contains("spark_sessions{mode=\"paper\",state=\"running\"} 1"))
        #expect(text.contains("spark_md_ingest_lag_seconds_count{"))
        #expect(text.contains("SIGTERM → spark serve exited 0") && text.contains("journal closed with its end record"))
    }
}
