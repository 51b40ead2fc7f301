import CZlib

/// The bytes of a zip entry, inflated chunk by chunk as a ``LineBuffer`` asks for them.
///
/// At the end of the entry the CRC-32 and size are compared with the directory's, so a corrupt
/// archive is refused rather than half-read.
public final class ZipEntrySource: ByteSource {
    private let file: FileByteSource
    private let archive: ZipArchive
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var compressedLeft: Int
    private var produced = 0
    private var crc: UInt = 0
    private var finished = false
    private static let chunk = 256 << 10

    init(file: FileByteSource, archive: ZipArchive) throws(CSVError) {
        self.file = file
        self.archive = archive
        compressedLeft = archive.compressedSize
        input = .allocate(byteCount: Self.chunk, alignment: 16)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        crc = CZlib.crc32(0, nil, 0)
        // -15: raw deflate, as zip stores it (no zlib header).
        let status = inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            stream.deallocate()
            throw CSVError(.archive, "cannot start zlib (status \(status))", file: archive.path)
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    public var bytesConsumed: Int { archive.compressedSize - compressedLeft }
    public var totalBytes: Int? { archive.compressedSize }

    public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(CSVError) -> Int {
        guard !finished, count > 0 else { return 0 }
        let written: Int
        if archive.method == 0 {
            written = try readStored(into: buffer, count: count)
        } else {
            written = try inflate(into: buffer, count: count)
        }
        produced += written
        crc = CZlib.crc32(crc, buffer.assumingMemoryBound(to: Bytef.self), uInt(written))
        if finished { try verify() }
        return written
    }

    private func readStored(into buffer: UnsafeMutableRawPointer, count: Int) throws(CSVError) -> Int {
        let wanted = min(count, compressedLeft)
        var got = 0
        while got < wanted {
            let n = try file.read(into: buffer + got, count: wanted - got)
            guard n > 0 else { throw truncated() }
            got += n
        }
        compressedLeft -= got
        if compressedLeft == 0 { finished = true }
        return got
    }

    private func inflate(into buffer: UnsafeMutableRawPointer, count: Int) throws(CSVError) -> Int {
        stream.pointee.next_out = buffer.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(count, Int(UInt32.max)))
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 {
                guard compressedLeft > 0 else { throw truncated() }
                let n = try file.read(into: input.baseAddress!, count: min(Self.chunk, compressedLeft))
                guard n > 0 else { throw truncated() }
                compressedLeft -= n
                stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = uInt(n)
            }
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                finished = true
                break
            }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw CSVError(.archive, "corrupt zip: cannot inflate \(archive.entryName) (\(reason)) after \(produced) bytes", file: archive.path, hint: "download the file again")
            }
        }
        return count - Int(stream.pointee.avail_out)
    }

    private func verify() throws(CSVError) {
        guard produced == archive.uncompressedSize, UInt32(truncatingIfNeeded: crc) == archive.crc32 else {
            throw CSVError(
                .archive, "corrupt zip: \(archive.entryName) inflates to \(produced) bytes with CRC \(String(UInt32(truncatingIfNeeded: crc), radix: 16)), the directory says \(archive.uncompressedSize) bytes, CRC \(String(archive.crc32, radix: 16))",
                file: archive.path, hint: "download the file again"
            )
        }
    }

    private func truncated() -> CSVError {
        CSVError(.archive, "truncated zip: \(archive.entryName) ends after \(produced) of \(archive.uncompressedSize) bytes", file: archive.path, hint: "download the file again")
    }
}
