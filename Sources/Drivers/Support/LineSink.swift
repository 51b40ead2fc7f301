import Foundation

/// Where a ``LineWriter``'s bytes go: a file normally; tests put a disk that fills up in its place.
protocol LineSink: AnyObject {
    func write(_ bytes: [UInt8]) throws(ConfigError)
    func synchronize() throws(ConfigError)
    func close()
}
