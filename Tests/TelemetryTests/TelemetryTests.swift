import Foundation
import Telemetry
import Testing

@Suite("telemetry files")
struct TelemetryTests {
    static func path() -> String { NSTemporaryDirectory() + "spark-telemetry-\(UUID().uuidString).jsonl" }

    @Test("lines written are read back once each, in order")
    func roundTrip() throws {
        let path = Self.path()
        let writer = try TelemetryWriter(path: path)
        var reader = TelemetryReader(path: path)
        #expect(reader.next().isEmpty)
        var line = TelemetryLine(time: 1, mode: "paper", strategy: "s", symbol: "BTCUSDT", intervalSeconds: 60)
        line.bars = 1
        try writer.write(line)
        line.bars = 2
        try writer.write(line)
        #expect(reader.next().map(\.bars) == [1, 2])
        #expect(reader.next().isEmpty)
        line.bars = 3
        try writer.write(line)
        #expect(reader.next().map(\.bars) == [3])
    }

    @Test("a line still being written waits for its newline, and a garbled line is skipped and counted")
    func partialAndGarbled() throws {
        let path = Self.path()
        var line = TelemetryLine(time: 1, mode: "live", strategy: "s", symbol: "BTCUSDT", intervalSeconds: 60)
        line.bars = 7
        let json = String(decoding: try JSONEncoder().encode(line), as: UTF8.self)
        try ("not json\n" + json.prefix(10)).write(toFile: path, atomically: false, encoding: .utf8)
        var reader = TelemetryReader(path: path)
        #expect(reader.next().isEmpty)
        #expect(reader.undecodable == 1)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((json.dropFirst(10) + "\n").utf8))
        try handle.close()
        #expect(reader.next().map(\.bars) == [7])
    }

    @Test("a reopened writer appends and never truncates what a crashed process wrote")
    func appendsAfterRestart() throws {
        let path = Self.path()
        let line = TelemetryLine(time: 1, mode: "paper", strategy: "s", symbol: "X", intervalSeconds: 60)
        try TelemetryWriter(path: path).write(line)
        try TelemetryWriter(path: path).write(line)
        var reader = TelemetryReader(path: path)
        #expect(reader.next().count == 2)
    }

    @Test("an unwritable path is an error that names it")
    func unwritable() {
        #expect { try TelemetryWriter(path: "/nonexistent-dir/t.jsonl") } throws: { "\($0)".contains("/nonexistent-dir/t.jsonl") }
    }
}
