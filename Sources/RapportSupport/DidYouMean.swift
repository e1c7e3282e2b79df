/// "Did you mean ...?" suggestions by edit distance.
public enum DidYouMean {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    ///
    /// Uses the optimal-string-alignment distance (a swap of two neighbours costs 1), compared
    /// case-insensitively; accepts up to a third of the word's length (at least 1, at most 3).
    /// A candidate whose last dotted component equals `word` also counts (`followers` →
    /// `author.followers`).
    public static func closest(to word: String, in candidates: some Collection<String>) -> String? {
        let lowered = word.lowercased()
        let limit = max(1, min(3, lowered.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        if let best { return best.candidate }
        return candidates.first { $0.contains(".") && $0.split(separator: ".").last.map(String.init) == word }
    }

    /// `did you mean 'x'?` for the closest candidate, or nil.
    public static func hint(for word: String, in candidates: some Collection<String>) -> String? {
        closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// Optimal string alignment distance between `a` and `b`, over Unicode scalars.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }
}
