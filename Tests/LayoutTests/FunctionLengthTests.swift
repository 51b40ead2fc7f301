import Foundation
import Testing

/// No function, initializer, subscript or computed property in Sources has a body over 80 lines.
@Suite("Layout")
struct FunctionLengthTests {
    static let limit = 80

    /// Functions allowed over the limit, each with the reason; empty, and the test fails while an entry is stale.
    static let allowed: Set<Allowed> = []

    struct Allowed: Hashable, CustomStringConvertible {
        var file: String
        var name: String

        init(_ file: String, _ name: String) {
            self.file = file
            self.name = name
        }

        var description: String { "\(file): \(name)" }
    }

    /// The repository root: this file is Tests/LayoutTests/FunctionLengthTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every .swift file under Sources, as a path relative to the root, with its text.
    static func sources() throws -> [(path: String, text: String)] {
        let sources = root.appendingPathComponent("Sources")
        let paths = (FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted()
        return try paths.map { path in
            ("Sources/\(path)", try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8))
        }
    }

    @Test("no function, initializer or computed property in Sources is over 80 lines, except the listed ones")
    func noLongFunctions() throws {
        let files = try Self.sources()
        try #require(files.count > 100, "found only \(files.count) Swift files under \(Self.root.path)/Sources")
        var long: [String] = []
        var stillLong: Set<Allowed> = []
        for (path, text) in files {
            for body in FunctionScanner.bodies(in: text) where body.length > Self.limit {
                let entry = Allowed(path, body.name)
                if Self.allowed.contains(entry) {
                    stillLong.insert(entry)
                } else {
                    long.append("\(path):\(body.line): \(body.kind) \(body.name) has a body of \(body.length) lines (at most \(Self.limit)); split it into well-named helpers")
                }
            }
        }
        #expect(long.isEmpty, "\(long.joined(separator: "\n"))")
        let stale = Self.allowed.subtracting(stillLong).sorted { $0.description < $1.description }
        #expect(stale.isEmpty, "allowed long functions that are gone or now short; remove them from FunctionLengthTests.allowed: \(stale.map(\.description).joined(separator: ", "))")
    }

    @Test("the scanner skips braces in strings and comments and finds bodies, not requirements")
    func scanner() {
        let source = ##"""
            struct A {
                var text = "{ not a brace"
                var computed: Int { 1 }
                func f(log: (String) -> Void = { _ in }) {
                    let x = "\(flag ? "{" : "}")"
                    /* { /* nested } */ */
                    // {
                    let raw = #"\#(b) { "#
                    let block = """
                    {
                    """
                    for var i in 0..<3 { i += 1 }
                }
                init() { self.init(x: 1) }
            }
            protocol P {
                func g()
                var h: Int { get }
            }
            """##
        let bodies = FunctionScanner.bodies(in: source)
        #expect(bodies.map(\.name) == ["computed", "f", "init", "h"])
        #expect(bodies.first { $0.name == "f" }?.length == 8)
        #expect(bodies.first { $0.name == "f" }?.line == 4)
    }

    @Test("a body of 81 lines is reported, one of 80 is not")
    func boundary() {
        func function(lines: Int) -> String {
            "func long() {\n" + String(repeating: "    step()\n", count: lines) + "}\n"
        }
        #expect(FunctionScanner.bodies(in: function(lines: 80)).map(\.length) == [80])
        #expect(FunctionScanner.bodies(in: function(lines: 81)).map(\.length) == [81])
    }
}
