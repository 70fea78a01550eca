/// A minimal append-only JSON writer for the hand-written record encoder.
struct RecordJSONWriter {
    var out: [UInt8]

    @inline(__always)
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func int(_ v: Int?) {
        guard let v else { raw("null"); return }
        int(v)
    }

    mutating func int(_ v: Int) {
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            if v == .min { raw("9223372036854775808"); return }
        }
        var m = v.magnitude
        var divisor: UInt = 1
        while m / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(48 + m / divisor))
            m %= divisor
            divisor /= 10
        }
    }

    /// A non-negative value in tenths written with exactly one decimal: 1000 → `100.0`.
    mutating func tenths(_ v: Int?) {
        guard let v else { raw("null"); return }
        if v < 0 { out.append(UInt8(ascii: "-")) }
        let m = Int(v.magnitude)
        int(m / 10)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(48 + m % 10))
    }

    /// A JSON string with the mandatory escapes.
    mutating func string(_ s: String) {
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { h in
                    out.append(h[Int(c >> 4)])
                    out.append(h[Int(c & 0xF)])
                }
            default:
                out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
