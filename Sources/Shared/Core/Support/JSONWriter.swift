/// Helpers for writing JSON text into a byte buffer by hand (event messages, statistics
/// records): quoted strings with correct escaping, and `"key":` prefixes.
///
/// Strings are written as UTF-8; only `"`, `\` and control characters (U+0000–U+001F) are
/// escaped (`\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`), as RFC 8259 requires, plus U+2028 and
/// U+2029 (`\u2028`, `\u2029`) so the output is also safe to embed in JavaScript. Everything
/// else, including `/` and non-ASCII text, is copied as is. Pure functions; safe from any
/// thread.
public enum JSONWriter {
    /// Appends `value` as a quoted, escaped JSON string.
    public static func appendString(_ value: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                let needsEscape: Bool
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 {
                    needsEscape = true
                } else if b == 0xE2, i + 2 < n, utf8[i + 1] == 0x80, utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9 {
                    needsEscape = true
                } else {
                    needsEscape = false
                }
                guard needsEscape else {
                    i += 1
                    continue
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                switch b {
                case UInt8(ascii: "\""): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0xE2:
                    // U+2028 or U+2029
                    buffer.append(contentsOf: Array(utf8[i + 2] == 0xA8 ? "\\u2028".utf8 : "\\u2029".utf8))
                    i += 2
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        hex[Int(b >> 4)], hex[Int(b & 0xF)],
                    ])
                }
                i += 1
                runStart = i
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends `"key":`. The key must need no escaping (the caller's own field names).
    @inlinable
    public static func appendKey(_ key: StaticString, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { buffer.append(contentsOf: $0) }
        buffer.append(UInt8(ascii: "\""))
        buffer.append(UInt8(ascii: ":"))
    }
}
