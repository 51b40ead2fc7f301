import Foundation

/// A file written with write(2), so a full disk or an I/O error is an error to handle, not a trap.
final class FileSink: LineSink {
    private let descriptor: Int32
    private let path: String

    /// Opens `path` for appending; with `exclusive`, refuses a file that already exists.
    init(path: String, append: Bool, exclusive: Bool) throws(ConfigError) {
        var flags = O_WRONLY | O_CREAT | O_CLOEXEC
        flags |= exclusive ? O_EXCL : (append ? O_APPEND : O_TRUNC)
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            if errno == EEXIST {
                throw ConfigError(.unwritable, "the file already exists and is never overwritten", file: path, hint: "pass a new path; move the old file aside yourself if you no longer need it where it is")
            }
            throw ConfigError(.unwritable, "cannot create the file: \(reason)", file: path, hint: "check that the directory exists and is writable")
        }
        self.descriptor = descriptor
        self.path = path
    }

    func write(_ bytes: [UInt8]) throws(ConfigError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBufferPointer { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure(errno, path: path)
            }
            offset += written
        }
    }

    func synchronize() throws(ConfigError) {
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw Self.failure(errno, path: path) }
    }

    func close() { Foundation.close(descriptor) }

    static func failure(_ code: Int32, path: String) -> ConfigError {
        ConfigError(
            .unwritable, "writing failed: \(String(cString: strerror(code)))", file: path,
            hint: code == ENOSPC ? "the disk is full: free space, then start again" : "check the disk and the file's permissions"
        )
    }
}
