/// A stream of bytes read in chunks: a plain file, or a zip entry inflated on the fly.
///
/// A class protocol so ``LineBuffer`` can hold either without generics on the hot path: one call per
/// megabyte costs nothing next to parsing the megabyte.
public protocol ByteSource: AnyObject {
    /// Copies up to `count` bytes into `buffer`; 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(CSVError) -> Int
    /// Bytes consumed from the underlying file so far (for progress).
    var bytesConsumed: Int { get }
    /// Size of the underlying file in bytes, when known.
    var totalBytes: Int? { get }
}
