import Crypto
import Foundation

/// Lower-case hex SHA-256, for journal chains.
enum LiveHash {
    static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
