import WaitwatchKafka

/// The UTF-8 byte-order mark (EF BB BF) that some Windows tools put at the start of a text file.
public enum ByteOrderMark {
    /// `line` without a leading UTF-8 byte-order mark (unchanged when it has none). NDJSON
    /// readers call this on the first line only: elsewhere the bytes are not a mark.
    public static func droppingUTF8(from line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF else { return line }
        return UnsafeRawBufferPointer(rebasing: line[3...])
    }
}
