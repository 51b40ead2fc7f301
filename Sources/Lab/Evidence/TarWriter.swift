/// POSIX ustar archives in memory: enough for `tar -xzf` to unpack an evidence directory anywhere.
enum TarWriter {
    static func archive(_ entries: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            out += header(name: entry.name, size: entry.bytes.count)
            out += entry.bytes
            out += [UInt8](repeating: 0, count: (512 - entry.bytes.count % 512) % 512)
        }
        // Two zero blocks end the archive.
        out += [UInt8](repeating: 0, count: 1024)
        return out
    }

    private static func header(name: String, size: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            put(String(repeating: "0", count: max(0, width - 1 - String(value, radix: 8).count)) + String(value, radix: 8), at: offset, width: width - 1)
        }
        // Names over 100 bytes go in ustar's 155-byte prefix, split at a slash.
        var prefix = "", short = name
        if name.utf8.count > 100, let slash = name.utf8.prefix(155).lastIndex(of: UInt8(ascii: "/")) {
            prefix = String(name[..<slash])
            short = String(name[name.index(after: slash)...])
        }
        put(short, at: 0, width: 100)
        octal(0o644, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(0, at: 136, width: 12) // mtime 0: the same evidence packs to the same bytes
        block.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
        block[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put(prefix, at: 345, width: 155)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(String(repeating: "0", count: max(0, 6 - String(checksum, radix: 8).count)) + String(checksum, radix: 8), at: 148, width: 6)
        block[154] = 0
        block[155] = 0x20
        return block
    }
}
