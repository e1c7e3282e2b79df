import Rapport

/// Deterministic synthetic rule packs of any size, for measuring how cost grows with the number of rules.
public enum GeneratedPack {
    /// A pack of `ruleCount` rules whose patterns use a mix of common English words and a large
    /// synthetic vocabulary, with alternatives, gaps, lists and prefixes, as real packs do.
    public static func yaml(ruleCount: Int, seed: UInt64 = 42) -> String {
        var random = SplitMix64(seed: seed)
        let common = ["order", "refund", "delivery", "late", "broken", "love", "thanks", "help", "why", "where",
                      "account", "app", "login", "charged", "cancel", "great", "worst", "waiting", "support", "price"]
        func word() -> String {
            random.next() % 4 == 0 ? common[Int(random.next() % UInt64(common.count))] : synthetic(Int(random.next() % 50_000))
        }
        var text = "rapport: 1\npack:\n  name: generated-\(ruleCount)\n  threshold: 1\nlists:\n  negators: [not, no, never, \"n't\"]\n"
        text += "  things: [order, package, parcel, delivery]\nrules:\n"
        let labels = ["complaint", "question", "praise"]
        for index in 0..<ruleCount {
            let pattern: String
            switch random.next() % 5 {
            case 0: pattern = "\(word()) \(word())"
            case 1: pattern = "[\(word())|\(word()) \(word())] {0,2} \(word())"
            case 2: pattern = "<things> {0,3} \(word())"
            case 3: pattern = "\(word()) \(synthetic(Int(random.next() % 50_000)))*"
            default: pattern = "\(word()) * \(word())"
            }
            text += "  - id: generated.r\(index)\n    label: \(labels[index % 3])\n    match: [\"\(pattern)\"]\n"
        }
        return text
    }

    /// A pronounceable made-up word for `n` (distinct for distinct `n`).
    public static func synthetic(_ n: Int) -> String {
        let consonants = Array("bdfgklmnprstvz"), vowels = Array("aeiou")
        var value = n, word = ""
        repeat {
            word.append(consonants[value % consonants.count]); value /= consonants.count
            word.append(vowels[value % vowels.count]); value /= vowels.count
        } while value > 0
        return word + "x"
    }
}

/// A small, fast, seedable generator (SplitMix64), so generated packs are the same on every run.
public struct SplitMix64 {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
