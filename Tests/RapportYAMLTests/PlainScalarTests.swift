import Testing

@testable import RapportYAML

/// A plain scalar whose first byte cannot start a null, a boolean or a number is a string
/// (``CoreSchema/canStartNonString(_:)``): the resolvers it skips answer so for it.
@Suite struct PlainScalarTests {
    /// The value of a plain scalar worked out by every resolver, without the first-byte shortcut.
    static func fullValue(_ text: String) -> Node.Scalar.Value {
        if CoreSchema.resolveNull(text) { return .null }
        if let b = CoreSchema.resolveBool(text) { return .bool(b) }
        if let i = CoreSchema.resolveInt(text) { return .int(i) }
        if let f = CoreSchema.resolveFloat(text) { return .float(f) }
        return .string(text)
    }

    @Test func firstByteShortcutKeepsTheValue() {
        let tails = ["", "0", "1.5", "x", "ull", "rue", "alse", "inf", ".nan", "e5", "0x1F", "o17", " ", "é"]
        var texts: [String] = []
        for byte in UInt8(0x20)..<UInt8(0x7F) {
            for tail in tails { texts.append(String(decoding: [byte], as: UTF8.self) + tail) }
        }
        texts += ["~", "null", "Null", "NULL", "true", "False", "-.inf", "+.INF", ".NaN", "0o17", "0x1f", "-12", "+3.5e-2", "é", "word", "ナ"]
        var shortcut = 0
        for text in texts {
            let full = Self.fullValue(text)
            if full.isNaN {
                #expect(CoreSchema.resolvePlain(text).isNaN, "\(text)")
            } else {
                #expect(CoreSchema.resolvePlain(text) == full, "\(text)")
            }
            if let first = text.utf8.first, !CoreSchema.canStartNonString(first) {
                #expect(full == .string(text), "\(text)")
                shortcut += 1
            }
        }
        #expect(shortcut > 1000)
    }
}

extension Node.Scalar.Value {
    /// Whether this is the float NaN (which equals nothing, itself included).
    fileprivate var isNaN: Bool {
        if case .float(let f) = self { return f.isNaN }
        return false
    }
}
