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

    /// A JSON string with the mandatory escapes (the model's shared writer).
    mutating func string(_ s: String) {
        JSONWriter.appendString(s, to: &out)
    }
}
