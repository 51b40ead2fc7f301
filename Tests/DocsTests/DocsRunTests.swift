import Foundation
import Testing

/// Every shell block of README.md and docs/*.md, run as written (issue 14, item 5).
@Suite("Docs run as written")
struct DocsRunTests {
    static func blocks(of document: String) throws -> [DocBlock] {
        try DocBlock.extract(Repo.read(document), file: document)
    }

    @Test("every shell block of a document runs, in order, in a fresh copy of the project", arguments: Repo.documents)
    func documentRuns(_ document: String) throws {
        let blocks = try Self.blocks(of: document)
        let runnable = blocks.filter { $0.skipReason == nil }
        for block in blocks where block.skipReason != nil {
            print("docs test: skipped \(block) (\(block.skipReason!))")
        }
        guard !runnable.isEmpty else { return }
        let runner = try BlockRunner(repository: Repo.root, files: BlockRunner.trackedFiles(in: Repo.root), binary: Repo.spark)
        defer { try? FileManager.default.removeItem(atPath: (runner.root as NSString).deletingLastPathComponent) }
        for block in runnable {
            // Never make: it installs packages and builds. A block that runs it must be marked skipped.
            guard !block.script.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("make") }) else {
                Issue.record("\(block) runs make: mark it `<!-- docs-test: skip (reason) -->`")
                return
            }
            let result = try runner.run(block)
            print("docs test: ran \(block) in \(String(format: "%.1f", result.seconds)) s, exit \(result.status)")
            if let failure = result.failure {
                Issue.record(Comment(rawValue: failure))
                return
            }
        }
    }

    @Test("every skip gives its reason, and no block is written with a build path or runs make")
    func skipsAreExplained() throws {
        var executed = 0
        for document in Repo.documents {
            for block in try Self.blocks(of: document) {
                if let reason = block.skipReason {
                    #expect(reason.count >= 10, "\(block): a skip marker must say why: \(reason)")
                    continue
                }
                executed += 1
                #expect(!block.script.contains(".build/"), "\(block): spell the command `spark`, on PATH after `make install`")
                #expect(!block.script.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("make") },
                        "\(block) runs make: mark it skipped with a reason")
            }
        }
        #expect(executed >= 8)
    }

    @Test("one spelling throughout: `spark`, never a build path", arguments: Repo.documents)
    func oneSpelling(_ document: String) throws {
        let text = try Repo.read(document)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            #expect(!line.contains(".build/debug/spark") && !line.contains(".build/release/spark "), "\(document):\(number + 1): write `spark` (make install puts it on PATH)")
        }
    }

    @Test("a failing block fails the test naming the file, the line and the command's stderr")
    func failureIsNamed() throws {
        let text = """
        # Title

        ```sh
        echo fine
        ls does-not-exist-\(UUID().uuidString.prefix(6))
        echo never
        ```
        """
        let blocks = DocBlock.extract(text, file: "docs/example.md")
        #expect(blocks.count == 1 && blocks[0].line == 3)
        let runner = try BlockRunner(repository: Repo.root, files: ["spark.yaml"], binary: Repo.spark)
        defer { try? FileManager.default.removeItem(atPath: (runner.root as NSString).deletingLastPathComponent) }
        let result = try runner.run(blocks[0])
        let failure = try #require(result.failure)
        #expect(failure.hasPrefix("docs/example.md:5: the block at docs/example.md:3 exited 2"), "\(failure)")
        #expect(failure.contains("No such file or directory"))
        #expect(!result.stdout.contains("never"))
    }

    @Test("markers, prompts and output lines are read as documented")
    func extraction() {
        let text = """
        <!-- docs-test: skip (needs the network: fetches from Binance) -->
        ```sh
        spark data fetch
        ```

        ```console
        $ spark sweep a.yaml \\
            --flag
        output line
        $ spark evidence verify x
        ```

        ```text
        not run
        ```
        """
        let blocks = DocBlock.extract(text, file: "x.md")
        #expect(blocks.count == 2)
        #expect(blocks.first?.skipReason == "needs the network: fetches from Binance")
        #expect(blocks.last?.script == "spark sweep a.yaml \\\n    --flag\n\nspark evidence verify x")
    }
}
