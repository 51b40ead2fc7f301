import Crypto
import Foundation
import SparkCore

/// Lower-case hex SHA-256, for journal chains.
enum LiveHash {
    static func hex(_ data: Data) -> String {
        Hex.lowercase(SHA256.hash(data: data))
    }
}
