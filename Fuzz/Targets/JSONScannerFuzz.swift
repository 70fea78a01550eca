@testable import WaitwatchCore

/// The JSON tokenizer under the event decoder, on any value (not only objects).
enum JSONScannerFuzz {
    static func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            scanner.skipWhitespace()
            do throws(JSONSyntaxError) {
                let value = try scanner.scanValue(depth: 0)
                if case .string(let token) = value {
                    let text = scanner.unescaped(token)
                    FuzzCheck.require(String(validating: text, as: UTF8.self) != nil, "unescaped string is not UTF-8")
                    if !token.hasEscapes {
                        FuzzCheck.require(text.elementsEqual(scanner.rawBytes(token)), "string without escapes changed")
                    }
                }
                scanner.skipWhitespace()
                if scanner.isAtEnd {
                    FuzzCheck.require(String(validating: bytes, as: UTF8.self) != nil, "accepted JSON is not UTF-8")
                }
            } catch {
                return
            }
        }
    }
}
