/// A strict, allocation-free JSON (RFC 8259) tokenizer over borrowed bytes, the engine of
/// ``EventDecoder``.
///
/// The scanner walks the input once. Strings come back as ``StringToken``s (byte ranges into
/// the input) so that the caller decides which ones become `String`s; nested objects and
/// arrays can be skipped without recursion (depth limit ``maximumDepth``). Every value it
/// passes over is fully checked: string escapes (including `\uXXXX` surrogate pairs, which
/// must pair up), unescaped control characters, the number grammar, the literals.
///
/// UTF-8: bytes of 0x80 and above are only allowed inside strings, where each multi-byte
/// sequence is checked as it is passed (``JSONSyntaxError/invalidUTF8(offset:)``). So when a
/// whole value has been scanned without error, every byte of it was well-formed UTF-8.
///
/// Ownership: the scanner borrows `bytes`; it must not outlive the buffer's scope (for
/// example a `withUnsafeBytes` closure). Not thread-safe; use one per decode call.
struct JSONScanner {
    /// Objects and arrays may nest this deep (the top-level object counts as one level).
    static let maximumDepth = 64

    /// A string value or key: the bytes between its quotes, still escaped.
    struct StringToken {
        /// Offset of the first byte after the opening quote.
        var start: Int
        /// Offset of the closing quote.
        var end: Int
        /// Whether the raw bytes contain a backslash (then ``JSONScanner/unescaped(_:)`` must
        /// be used to read the value).
        var hasEscapes: Bool
        /// Whether the raw bytes are all ASCII (then, without escapes, the byte count is the
        /// code point count).
        var isASCII: Bool = true
    }

    /// A scanned value: a string (kept as a token) or the kind of anything else.
    enum Value {
        /// A string value.
        case string(StringToken)
        /// A value of another kind (already skipped).
        case other(JSONValueKind)
    }

    /// The borrowed input.
    let bytes: UnsafeRawBufferPointer
    /// The offset of the next byte to read.
    var position: Int = 0

    /// A scanner at the start of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position >= bytes.count }

    /// The next byte, or 0 at the end of the input (0 is never valid where it is tested).
    @inline(__always)
    var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

    /// The error for the current position: end of input, or an unexpected byte.
    var unexpected: JSONSyntaxError {
        isAtEnd ? .unexpectedEnd : .unexpectedCharacter(bytes[position], offset: position)
    }

    /// Skips spaces, tabs, carriage returns and line feeds.
    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            // Every whitespace byte is at most 0x20: one test for the common compact case.
            guard b <= 0x20, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
            position += 1
        }
    }

    /// Consumes `byte` or throws.
    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard current == byte else { throw unexpected }
        position += 1
    }

    /// Scans the string starting at the current `"`; leaves the position after its closing quote.
    @inline(__always)
    mutating func scanString() throws(JSONSyntaxError) -> StringToken {
        let open = position
        position += 1
        let start = position
        var hasEscapes = false
        var isASCII = true
        let n = bytes.count
        while true {
            // Fast path: skip eight bytes at a time up to the first quote, backslash, control
            // character or non-ASCII byte.
            while position + 8 <= n {
                let w = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let mask = Self.specialByteMask(w)
                if mask != 0 {
                    position += mask.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            guard position < n else { throw .unterminatedString(offset: open) }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let token = StringToken(start: start, end: position, hasEscapes: hasEscapes, isASCII: isASCII)
                position += 1
                return token
            } else if b == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape()
            } else if b < 0x20 {
                throw .controlCharacterInString(b, offset: position)
            } else if b >= 0x80 {
                let length = UTF8Validation.sequenceLength(bytes, at: position)
                guard length > 0 else { throw .invalidUTF8(offset: position) }
                isASCII = false
                position += length
            } else {
                position += 1
            }
        }
    }

    /// High bit set in each byte of `w` (little-endian) that is `"`, `\`, below 0x20 or
    /// 0x80 and above,
    /// possibly also in bytes above the first such byte (borrows only carry upwards), never
    /// below it: the lowest set bit marks the first special byte exactly.
    @inline(__always)
    private static func specialByteMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (w &- ones &* 0x20) & ~w
        return (zeroQuote | zeroBackslash | control | w) & highs
    }

    /// Checks the escape at the current backslash and moves past it.
    private mutating func scanEscape() throws(JSONSyntaxError) {
        let escapeStart = position
        position += 1
        switch current {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"),
            UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 1
        case UInt8(ascii: "u"):
            position += 1
            guard let unit = hex4(at: position) else { throw .invalidEscape(offset: escapeStart) }
            position += 4
            if (0xDC00...0xDFFF).contains(unit) { throw .unpairedSurrogate(offset: escapeStart) }
            if (0xD800...0xDBFF).contains(unit) {
                guard current == UInt8(ascii: "\\"),
                    position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u"),
                    let low = hex4(at: position + 2), (0xDC00...0xDFFF).contains(low)
                else { throw .unpairedSurrogate(offset: escapeStart) }
                position += 6
            }
        default:
            throw .invalidEscape(offset: escapeStart)
        }
    }

    /// The value of four hex digits at `offset`, or nil.
    private func hex4(at offset: Int) -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for i in offset..<(offset + 4) {
            let b = bytes[i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Scans any value at the current position: strings are returned as tokens, everything
    /// else is checked and skipped. `depth` is the nesting level of the enclosing container.
    mutating func scanValue(depth: Int) throws(JSONSyntaxError) -> Value {
        switch current {
        case UInt8(ascii: "\""):
            return .string(try scanString())
        case UInt8(ascii: "{"):
            try skipContainer(depth: depth)
            return .other(.object)
        case UInt8(ascii: "["):
            try skipContainer(depth: depth)
            return .other(.array)
        default:
            return .other(try scanScalar())
        }
    }

    /// Scans a number or literal (not a string or container).
    private mutating func scanScalar() throws(JSONSyntaxError) -> JSONValueKind {
        switch current {
        case UInt8(ascii: "t"):
            try scanLiteral("true")
            return .boolean
        case UInt8(ascii: "f"):
            try scanLiteral("false")
            return .boolean
        case UInt8(ascii: "n"):
            try scanLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            return .number
        default:
            throw unexpected
        }
    }

    private mutating func scanLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for i in 0..<count {
            guard current == start[i] else { throw unexpected }
            position += 1
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func scanNumber() throws(JSONSyntaxError) {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(current) {
            while isDigit(current) { position += 1 }
        } else {
            throw .invalidNumber(offset: start)
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard isDigit(current) else { throw .invalidNumber(offset: start) }
            while isDigit(current) { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard isDigit(current) else { throw .invalidNumber(offset: start) }
            while isDigit(current) { position += 1 }
        }
        // A number must end at a delimiter: `01` or `1x` are errors.
        switch current {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
            UInt8(ascii: "+"), UInt8(ascii: "-"):
            throw .invalidNumber(offset: start)
        default:
            break
        }
    }

    @inline(__always)
    private func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

    /// Skips the object or array starting at the current `{` or `[`, checking its syntax,
    /// without recursion. `depth` is the nesting level of the enclosing container.
    mutating func skipContainer(depth outerDepth: Int) throws(JSONSyntaxError) {
        // One bit per open container, 1 for an object; the innermost is the lowest bit.
        var kinds: UInt64 = 0
        var depth = 0
        enum Step { case open, element, afterValue }
        var step = Step.open
        while true {
            switch step {
            case .open:
                let isObject = current == UInt8(ascii: "{")
                depth += 1
                guard outerDepth + depth <= Self.maximumDepth else { throw .tooDeeplyNested(offset: position) }
                kinds = kinds << 1 | (isObject ? 1 : 0)
                position += 1
                skipWhitespace()
                if current == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1
                    depth -= 1
                    kinds >>= 1
                    step = .afterValue
                } else {
                    step = .element
                }
            case .element:
                if kinds & 1 == 1 {
                    guard current == UInt8(ascii: "\"") else { throw unexpected }
                    _ = try scanString()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"))
                    skipWhitespace()
                }
                switch current {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    step = .open
                case UInt8(ascii: "\""):
                    _ = try scanString()
                    step = .afterValue
                default:
                    _ = try scanScalar()
                    step = .afterValue
                }
            case .afterValue:
                if depth == 0 { return }
                skipWhitespace()
                let close = kinds & 1 == 1 ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                    step = .element
                } else if current == close {
                    position += 1
                    depth -= 1
                    kinds >>= 1
                } else {
                    throw unexpected
                }
            }
        }
    }

    // MARK: Reading string contents

    /// The raw bytes of a token without escapes (a slice of the input).
    @inline(__always)
    func rawBytes(_ token: StringToken) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    /// The UTF-8 bytes of a string token with its escapes decoded. The token must come from
    /// ``scanString()`` on this input (escapes already checked).
    func unescaped(_ token: StringToken) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(token.end - token.start)
        var i = token.start
        while i < token.end {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < token.end else {
                out.append(b)
                i += 1
                continue
            }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: i) ?? 0xFFFD
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= token.end, let low = hex4(at: i + 2) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                Self.appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(e)  // " \ /
            }
        }
        return out
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
