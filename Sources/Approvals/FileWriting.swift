import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes that never leave half a file behind, and private files that are never world-readable.
enum FileWriting {
    static func atomic(_ text: String, to path: String) throws(ApprovalError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ApprovalError(.unwritable, "cannot write the file (\(error.localizedDescription))", file: path, hint: "check the directory is writable")
        }
    }

    /// Creates `path` with mode 0600 (refusing to overwrite) and writes `text`; the directory gets 0700.
    static func createPrivate(_ text: String, at path: String) throws(ApprovalError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ApprovalError(.unwritable, "cannot create the key directory", file: directory, hint: "set SPARK_KEY_DIR to a writable directory")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ApprovalError(.unwritable, "cannot create the private key file (it may already exist)", file: path)
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            unlink(path)
            throw ApprovalError(.unwritable, "could not write the private key file in full", file: path)
        }
    }
}
