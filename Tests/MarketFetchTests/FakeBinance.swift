import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 server on loopback that plays Binance's klines endpoint.
///
/// Every response closes its connection. A test scripts it with `respond`, which sees the parsed query
/// and the request's number and returns a reply, or `.drop` to close the connection without answering.
final class FakeBinance: @unchecked Sendable {
    enum Reply {
        case response(status: Int, body: String, headers: [String: String] = [:])
        case drop
    }

    let port: UInt16
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let respond: @Sendable (_ query: [String: String], _ number: Int) -> Reply
    private let lock = NSLock()
    private var _queries: [[String: String]] = []
    private let done = DispatchSemaphore(value: 0)

    /// The queries received so far, in order.
    var queries: [[String: String]] { lock.withLock { _queries } }

    init(respond: @escaping @Sendable (_ query: [String: String], _ number: Int) -> Reply) throws {
        self.respond = respond
        #if canImport(Glibc)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let listener = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Stops accepting and waits for the serving thread to finish.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        done.wait()
    }

    private func serve() {
        defer { done.signal() }
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            #endif
            // One thread per connection, so a deliberately slow reply does not hold up the retry.
            Thread { [self] in
                handle(connection)
                close(connection)
            }.start()
        }
    }

    private func handle(_ connection: Int32) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            request += buffer[0..<count]
        }
        let firstLine = String(decoding: request, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let target = firstLine.split(separator: " ").dropFirst().first ?? ""
        var query: [String: String] = [:]
        if let mark = target.firstIndex(of: "?") {
            for pair in target[target.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { query[String(parts[0])] = String(parts[1]) }
            }
        }
        query["path"] = String(target.split(separator: "?").first ?? "")
        let number = lock.withLock {
            _queries.append(query)
            return _queries.count
        }
        switch respond(query, number) {
        case .drop:
            return
        case .response(let status, let body, let headers):
            var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            let bytes = Array((head + "\r\n" + body).utf8)
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Self.noSignal) }
                guard count > 0 else { return }
                sent += count
            }
        }
    }

    /// A client that already gave up must not kill the test process with SIGPIPE.
    #if canImport(Glibc)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    /// Binance-shaped klines for 1m bars with open times in `from...to`, at most `limit`.
    static func klines(from: Int64, to: Int64, limit: Int, price: Double = 100) -> String {
        var rows: [String] = []
        var time = from % 60_000 == 0 ? from : from + (60_000 - from % 60_000)
        while time <= to, rows.count < limit {
            rows.append("[\(time),\"\(price)\",\"\(price + 1)\",\"\(price - 1)\",\"\(price + 0.5)\",\"2.5\",\(time + 59_999),\"250.0\",10,\"1.0\",\"100.0\",\"0\"]")
            time += 60_000
        }
        return "[" + rows.joined(separator: ",") + "]"
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
