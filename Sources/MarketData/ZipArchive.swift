/// The one file inside a zip archive, read straight from its central directory.
///
/// Binance dump files hold exactly one CSV each, so this reader accepts exactly one file entry
/// (directories are ignored), stored or deflated, without encryption or ZIP64. It reads only the
/// directory here; ``ZipEntrySource`` inflates the entry on the fly, so memory stays flat.
public struct ZipArchive: Sendable {
    /// The entry's name inside the archive.
    public var entryName: String
    /// 0 stored, 8 deflated.
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int
    public var uncompressedSize: Int
    var localHeaderOffset: Int
    public var path: String

    private static let hint = "download the file again; Binance dumps are zip files with exactly one CSV inside"

    /// Reads the central directory of the zip file at `path`.
    ///
    /// - Throws: ``CSVError`` `.archive` when the file is truncated or corrupt, holds zero or several
    ///   files, or uses encryption, ZIP64 or a compression method other than deflate.
    public init(path: String) throws(CSVError) {
        let file = try FileByteSource(path: path)
        try self.init(file: file, path: path)
    }

    init(file: FileByteSource, path: String) throws(CSVError) {
        self.path = path
        let size = file.totalBytes ?? 0
        func fail(_ message: String) -> CSVError {
            CSVError(.archive, message, file: path, hint: Self.hint)
        }
        guard size >= 22 else { throw fail("not a zip file, or truncated: \(size) bytes is too short for a zip directory") }
        // The end-of-directory record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
        let tailLength = min(size, 22 + 65_535)
        let tail = try file.read(at: size - tailLength, count: tailLength)
        var eocd: Int?
        var index = tail.count - 22
        while index >= 0 {
            if Self.u32(tail, index) == 0x0605_4B50 { eocd = index; break }
            index -= 1
        }
        guard let eocd else { throw fail("not a zip file, or truncated: no end-of-directory record") }
        let entryCount = Int(Self.u16(tail, eocd + 10))
        let directorySize = Int(Self.u32(tail, eocd + 12))
        let directoryOffset = Int(Self.u32(tail, eocd + 16))
        if entryCount == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            throw fail("ZIP64 archives are not supported (Binance dumps are small zip files)")
        }
        guard directoryOffset + directorySize <= size - tailLength + eocd else {
            throw fail("truncated or corrupt: the zip directory points past the end of the file")
        }
        let directory = try file.read(at: directoryOffset, count: directorySize)
        var files: [ZipArchive.Entry] = []
        var offset = 0
        for _ in 0..<entryCount {
            guard offset + 46 <= directory.count, Self.u32(directory, offset) == 0x0201_4B50 else {
                throw fail("corrupt zip directory at entry \(files.count + 1)")
            }
            let nameLength = Int(Self.u16(directory, offset + 28))
            let extraLength = Int(Self.u16(directory, offset + 30))
            let commentLength = Int(Self.u16(directory, offset + 32))
            guard offset + 46 + nameLength <= directory.count else { throw fail("corrupt zip directory: a name runs past its end") }
            let name = String(decoding: directory[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(
                name: name, flags: Self.u16(directory, offset + 8), method: Self.u16(directory, offset + 10),
                crc32: Self.u32(directory, offset + 16), compressedSize: Int(Self.u32(directory, offset + 20)),
                uncompressedSize: Int(Self.u32(directory, offset + 24)), localHeaderOffset: Int(Self.u32(directory, offset + 42))
            )
            if !name.hasSuffix("/") { files.append(entry) }
            offset += 46 + nameLength + extraLength + commentLength
        }
        guard files.count == 1, let entry = files.first else {
            let names = files.map(\.name).joined(separator: ", ")
            throw fail(files.isEmpty ? "the zip holds no file (expected one CSV)" : "the zip holds \(files.count) files (\(names)); expected exactly one CSV")
        }
        guard entry.flags & 1 == 0 else { throw fail("\(entry.name) is encrypted") }
        guard entry.method == 0 || entry.method == 8 else {
            throw fail("\(entry.name) uses compression method \(entry.method); only stored (0) and deflate (8) are supported")
        }
        guard entry.compressedSize != 0xFFFF_FFFF, entry.uncompressedSize != 0xFFFF_FFFF else {
            throw fail("ZIP64 entries are not supported")
        }
        entryName = entry.name
        method = entry.method
        crc32 = entry.crc32
        compressedSize = entry.compressedSize
        uncompressedSize = entry.uncompressedSize
        localHeaderOffset = entry.localHeaderOffset
    }

    /// Opens the entry for streaming: its bytes come out inflated and CRC-checked at the end.
    public func open() throws(CSVError) -> ZipEntrySource {
        let file = try FileByteSource(path: path)
        let header = try file.read(at: localHeaderOffset, count: 30)
        guard Self.u32(header, 0) == 0x0403_4B50 else {
            throw CSVError(.archive, "corrupt zip: no local header for \(entryName) at offset \(localHeaderOffset)", file: path, hint: Self.hint)
        }
        let dataOffset = localHeaderOffset + 30 + Int(Self.u16(header, 26)) + Int(Self.u16(header, 28))
        guard dataOffset + compressedSize <= (file.totalBytes ?? 0) else {
            throw CSVError(.archive, "truncated zip: \(entryName) runs past the end of the file", file: path, hint: Self.hint)
        }
        file.seek(to: dataOffset)
        return try ZipEntrySource(file: file, archive: self)
    }

    /// Whether the file at `path` starts like a zip (local header signature).
    public static func looksLikeZip(path: String) -> Bool {
        guard let file = try? FileByteSource(path: path), let head = try? file.read(at: 0, count: 4) else { return false }
        return u32(head, 0) == 0x0403_4B50 || u32(head, 0) == 0x0605_4B50
    }

    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
