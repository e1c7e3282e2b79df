import RapportSupport

/// How ``PatternSuggester`` chooses candidates.
public struct SuggestionOptions: Sendable, Hashable {
    /// A candidate must reach this precision on the training folds and, pooled, on the held-out folds.
    public var minPrecision: Double
    /// A candidate must fire on at least this many records of the label in every training part.
    public var minSupport: Int
    /// Folds of the stratified cross-validation that checks precision on held-out records.
    public var folds: Int
    public var seed: UInt64
    /// At most this many candidates, after counting, are run through the engine.
    public var maxCandidates: Int

    public init(minPrecision: Double = 0.8, minSupport: Int = 3, folds: Int = 5, seed: UInt64 = 12, maxCandidates: Int = 4000) {
        self.minPrecision = minPrecision
        self.minSupport = minSupport
        self.folds = folds
        self.seed = seed
        self.maxCandidates = maxCandidates
    }
}

/// A proposed pattern for a label, with how it does on the data.
public struct SuggestedPattern: Sendable, Hashable {
    /// The pattern, in the pack's syntax.
    public var pattern: String
    /// Records it fires on (matched as the engine matches: negation applied).
    public var support: Int
    /// Of those, records people gave the label.
    public var correct: Int
    /// Precision on held-out folds, pooled (each fold's records scored with the candidate chosen on the others).
    public var heldOutPrecision: Double
    /// Records of the label the pack misses that it fires on.
    public var falseNegativesFixed: Int
    /// Records of other labels the pack gets right that it fires on.
    public var falsePositivesAdded: Int
    /// Short texts it fires on that people gave the label.
    public var fireExamples: [String]
    /// Short texts of other labels, near misses that it stays quiet on.
    public var quietExamples: [String]
}

/// Proposes patterns for one label from labelled data, built from the engine's own tokens so they
/// match as patterns do: word n-grams (1–4), gapped pairs (`a {0,3} b`) and n-grams with one word
/// generalised to a pack list (`<parcel> never arrived`) when several of its entries occur there.
///
/// Candidates come from the records of the label, those the pack misses counted first; handles, URLs,
/// numbers, common words and single characters never make a pattern on their own. Every candidate
/// that survives counting is compiled and run by the engine, so support and precision are exact. In a
/// stratified cross-validation a candidate is chosen on a fold's training part when it fires on at
/// least ``SuggestionOptions/minSupport`` records of the label there with ``SuggestionOptions/minPrecision``,
/// and scored on the held-out part; it is kept when it is chosen in all folds but at most one and its
/// pooled held-out precision reaches `minPrecision` on at least `minSupport` held-out hits. Candidates whose records
/// all fire a rule of the label already, or that fire on no record beyond a better-ranked one, are
/// left out. Ranked by false negatives fixed, then held-out precision, support and the pattern.
public enum PatternSuggester {
    public static func suggest(
        _ engine: Engine, records: [LabelledRecord], mapping: LabelMapping, label: Label,
        options: SuggestionOptions = SuggestionOptions()
    ) -> [SuggestedPattern] {
        let target = mapping.map(label.rawValue)
        let gold = records.map { mapping.map($0.label) == target }
        var missed = [Bool](repeating: false, count: records.count)  // the pack does not give the label
        var covered = [Bool](repeating: false, count: records.count)  // a rule of the label fires
        let labelRules = Set(engine.pack.rules.filter { $0.label == label && $0.when == nil }.map(\.id))
        for (index, record) in records.enumerated() {
            let verdict = engine.classify(Comment(id: record.id, text: record.text))
            missed[index] = mapping.map(verdict.label.rawValue) != target
            covered[index] = verdict.rules.contains { labelRules.contains($0) }
        }
        let tokens = records.map { Tokenizer.tokenize($0.text) }
        let generator = CandidateGenerator(pack: engine.pack)

        // Count candidates on the missed records of the label, then their precision on every record.
        var counts: [String: (missed: Int, all: Int, correct: Int)] = [:]
        // A list stands in for a word only where several of its entries occur.
        var entries: [String: Set<String>] = [:]
        for index in records.indices where gold[index] {
            for (key, word) in generator.generalising(tokens[index]) {
                counts[key, default: (0, 0, 0)].missed += missed[index] ? 1 : 0
                if !word.isEmpty { entries[key, default: []].insert(word) }
            }
        }
        counts = counts.filter { !$0.key.contains("<") || entries[$0.key] == nil || entries[$0.key]!.count >= 2 }
        for index in records.indices {
            for key in generator.candidates(tokens[index]) where counts[key] != nil {
                counts[key]!.all += 1
                if gold[index] { counts[key]!.correct += 1 }
            }
        }
        let shortlist =
            counts
            .filter { $0.value.correct >= options.minSupport && Double($0.value.correct) >= (options.minPrecision - 0.1) * Double($0.value.all) }
            .sorted { a, b in
                if a.value.missed != b.value.missed { return a.value.missed > b.value.missed }
                return a.value.correct != b.value.correct ? a.value.correct > b.value.correct : a.key < b.key
            }
            .prefix(options.maxCandidates)
            .map(\.key)
        let run = CandidateGenerator.run(shortlist, pack: engine.pack, label: label, texts: records.map(\.text), options: engine.options)

        let folds = StratifiedFolds.assign(gold.map { $0 ? 1 : 0 }, folds: options.folds, seed: options.seed)
        var kept: [SuggestedPattern] = []
        var keptRecords: [Set<Int>] = []
        var found: [(SuggestedPattern, Set<Int>)] = []
        for (rule, (pattern, hits)) in zip(run.patterns, run.fired).enumerated() where !hits.isEmpty && !hits.allSatisfy({ covered[$0] }) {
            // Chosen on the training part of a fold (support and precision there), scored on the held-out part.
            var chosen = 0, heldOutHits = 0, heldOutCorrect = 0
            for fold in 0..<options.folds {
                var trainHits = 0, trainCorrect = 0
                for record in hits where folds[record] != fold {
                    trainHits += 1
                    if gold[record] { trainCorrect += 1 }
                }
                if trainCorrect < options.minSupport || Double(trainCorrect) < options.minPrecision * Double(trainHits) { continue }
                chosen += 1
                for record in hits where folds[record] == fold {
                    heldOutHits += 1
                    if gold[record] { heldOutCorrect += 1 }
                }
            }
            guard chosen >= options.folds - 1, heldOutHits >= options.minSupport else { continue }
            let precision = Double(heldOutCorrect) / Double(heldOutHits)
            guard precision >= options.minPrecision - 1e-12 else { continue }
            let fixed = hits.filter { gold[$0] && missed[$0] }.count
            let added = hits.filter { !gold[$0] && missed[$0] }.count
            var suggestion = SuggestedPattern(
                pattern: pattern, support: hits.count, correct: hits.filter { gold[$0] }.count,
                heldOutPrecision: precision, falseNegativesFixed: fixed, falsePositivesAdded: added,
                fireExamples: [], quietExamples: [])
            if let candidates = run.engine {
                let examples = Examples(engine: candidates, rule: rule, texts: records.map(\.text), tokens: tokens)
                suggestion.fireExamples = examples.fire(hits.filter { gold[$0] && missed[$0] } + hits.filter { gold[$0] && !missed[$0] })
                suggestion.quietExamples = examples.quiet(near: pattern, among: records.indices.filter { !gold[$0] }, fired: Set(hits))
            }
            found.append((suggestion, Set(hits)))
        }
        found.sort { a, b in
            let x = a.0, y = b.0
            if x.falseNegativesFixed != y.falseNegativesFixed { return x.falseNegativesFixed > y.falseNegativesFixed }
            if x.heldOutPrecision != y.heldOutPrecision { return x.heldOutPrecision > y.heldOutPrecision }
            if x.support != y.support { return x.support > y.support }
            return x.pattern < y.pattern
        }
        for (candidate, hits) in found where !keptRecords.contains(where: { hits.isSubset(of: $0) }) {
            kept.append(candidate)
            keptRecords.append(hits)
        }
        return kept
    }
}

/// Example texts for one candidate, taken from the data and shortened around the match.
struct Examples {
    let engine: Engine
    let rule: Int
    let texts: [String]
    let tokens: [[Token]]
    /// Examples longer than this (in characters) are cut to a window around the match.
    static let maxLength = 100

    func fires(_ text: String) -> Bool { engine.analyze(Comment(text: text)).matched.contains(rule) }

    /// `text` cut to the words within about 40 characters of `start..<end` (scalar offsets), if shorter.
    static func shortened(_ text: String, start: Int, end: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > maxLength else { return text }
        var from = max(0, start - 40), to = min(scalars.count, end + 40)
        while from > 0, !scalars[from - 1].properties.isWhitespace { from -= 1 }
        while to < scalars.count, !scalars[to].properties.isWhitespace { to += 1 }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[from..<to])
        return String(out).trimmingSpaces
    }

    /// Up to two shortened texts of `records` (in order) that still fire the candidate once shortened.
    func fire(_ records: [Int]) -> [String] {
        var out: [String] = []
        for record in records where out.count < 2 {
            let text = texts[record]
            let spans = engine.classify(Comment(text: text)).spans
            let span = spans.first { $0.rule == engine.pack.rules[rule].id } ?? spans.first
            var short = span.map { Self.shortened(text, start: $0.start, end: $0.end) } ?? text
            if !fires(short) { short = text }
            if !out.contains(short), short.unicodeScalars.count <= 280 { out.append(short) }
        }
        return out
    }

    /// One text of another label that shares the pattern's rarest-looking word but does not fire it
    /// (a negated or differently worded near miss), shortened; none when there is no such record.
    func quiet(near pattern: String, among records: [Int], fired: Set<Int>) -> [String] {
        let words = pattern.split(separator: " ").map(String.init).filter { !$0.hasPrefix("<") && !$0.hasPrefix("{") && !CommonWords.texts.contains($0) }
        guard let word = words.max(by: { $0.count < $1.count }) else { return [] }
        for record in records where !fired.contains(record) {
            guard let token = tokens[record].first(where: { $0.text == word }) else { continue }
            let short = Self.shortened(texts[record], start: token.start, end: token.end)
            if !fires(short), short.unicodeScalars.count <= 280 { return [short] }
        }
        return []
    }
}
