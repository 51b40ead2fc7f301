#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain file read with `read(2)`.
public final class FileByteSource: ByteSource {
    let path: String
    private let descriptor: Int32
    public private(set) var bytesConsumed = 0
    public let totalBytes: Int?

    /// Opens `path` for reading.
    public init(path: String) throws(CSVError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CSVError(.unreadable, "cannot open: \(reason)", file: path, hint: "check the path and permissions")
        }
        var info = stat()
        totalBytes = fstat(descriptor, &info) == 0 ? Int(info.st_size) : nil
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(CSVError) -> Int {
        while true {
            let result = posixRead(descriptor, buffer, count)
            if result >= 0 {
                bytesConsumed += result
                return result
            }
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            throw CSVError(.unreadable, "read failed: \(reason)", file: path)
        }
    }

    /// Reads at `offset` without moving the file position (zip directory lookups).
    func read(at offset: Int, count: Int) throws(CSVError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
        guard got == count else {
            throw CSVError(.archive, "the zip file is truncated (cannot read \(count) bytes at offset \(offset))", file: path, hint: "download the file again")
        }
        return bytes
    }

    /// Moves the file position to `offset`.
    func seek(to offset: Int) {
        lseek(descriptor, off_t(offset), SEEK_SET)
    }
}

/// `read(2)`, named apart so the method above can call it.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
