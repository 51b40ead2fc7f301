import CZlib
import Foundation

/// Writes small zip archives (deflated entries, no ZIP64): Binance-format samples, test fixtures and
/// benchmark inputs. Each entry is compressed in memory, so keep entries well under a few hundred MB.
public enum ZipWriter {
    /// Writes `entries` (name and content) to a new zip file at `path`.
    public static func write(_ entries: [(name: String, bytes: [UInt8])], to path: String) throws(CSVError) {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let compressed = try deflate(entry.bytes, path: path)
            let crc = entry.bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, uInt($0.count))) }
            let name = Array(entry.name.utf8)
            let offset = out.count
            // Local header: signature, version 2.0, flags, deflate, DOS time/date 1980-01-01.
            append32(&out, 0x0403_4B50); append16(&out, 20); append16(&out, 0); append16(&out, 8)
            append16(&out, 0); append16(&out, 0x21)
            append32(&out, crc); append32(&out, UInt32(compressed.count)); append32(&out, UInt32(entry.bytes.count))
            append16(&out, UInt16(name.count)); append16(&out, 0)
            out += name
            out += compressed
            append32(&directory, 0x0201_4B50); append16(&directory, 20); append16(&directory, 20); append16(&directory, 0)
            append16(&directory, 8); append16(&directory, 0); append16(&directory, 0x21)
            append32(&directory, crc); append32(&directory, UInt32(compressed.count)); append32(&directory, UInt32(entry.bytes.count))
            append16(&directory, UInt16(name.count)); append16(&directory, 0); append16(&directory, 0)
            append16(&directory, 0); append16(&directory, 0); append32(&directory, 0); append32(&directory, UInt32(offset))
            directory += name
        }
        let directoryOffset = out.count
        out += directory
        append32(&out, 0x0605_4B50); append16(&out, 0); append16(&out, 0)
        append16(&out, UInt16(entries.count)); append16(&out, UInt16(entries.count))
        append32(&out, UInt32(directory.count)); append32(&out, UInt32(directoryOffset)); append16(&out, 0)
        do {
            try Data(out).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CSVError(.write, "cannot write the zip: \(error.localizedDescription)", file: path)
        }
    }

    /// Compresses `bytes` in one call: raw deflate (`windowBits` -15, zip entries) or gzip (31).
    package static func deflate(_ bytes: [UInt8], path: String, windowBits: Int32 = -15) throws(CSVError) -> [UInt8] {
        // zlib keeps a pointer to its stream, so it needs a stable address.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard deflateInit2_(stream, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CSVError(.write, "cannot start zlib", file: path)
        }
        defer { deflateEnd(stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(bytes.count))) + 64)
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = uInt(inBuffer.count)
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = uInt(outBuffer.count)
                return CZlib.deflate(stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw CSVError(.write, "zlib could not compress (status \(status))", file: path) }
        return Array(output.prefix(Int(stream.pointee.total_out)))
    }

    private static func append16(_ out: inout [UInt8], _ value: UInt16) {
        out.append(UInt8(value & 0xFF)); out.append(UInt8(value >> 8))
    }

    private static func append32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
