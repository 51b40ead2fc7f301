#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard error and output for messages, written with write(2) so that a failed write is dropped.
///
/// Foundation's `FileHandle.write(_:)` does `try!`: with a session's output going to a log file on a
/// full disk, its first message killed the process with SIGILL (the chaos canary's full-disk fault).
/// A message that cannot be written is lost; the process carries on and fails, if it must, for its
/// own reasons.
public enum StandardError {
    /// Writes `text` to standard error.
    public static func write(_ text: String) { write(text, to: 2) }

    /// Writes `text` to standard output.
    public static func writeOutput(_ text: String) { write(text, to: 1) }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
                #else
                let written = Darwin.write(descriptor, base + offset, bytes.count - offset)
                #endif
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
