/// The `lexicon:` section: learned term weights that add to the rules' label scores.
///
/// A term is one word or two adjacent words, written as the tokenizer normalizes them (lowercase,
/// accents folded, a negative contraction split: "don't" is `do n't`). Each term found in a comment adds
/// its weights once, however often it occurs; the `bias` is added to every comment. Mentions, URLs and
/// numbers are never terms, so a lexicon cannot learn a brand's handle. `rapport lexicon` fits one from
/// comments labelled by people, next to the pack's rules; a layer's lexicon replaces the one below it
/// (the model was fitted without it). See README ("lexicon" under "Commands").
public struct Lexicon: Sendable, Hashable {
    /// Added to every comment's scores, by label.
    public var bias: [Label: Double]
    /// The terms, in the order they are written.
    public var terms: [LexiconTerm]
    /// Learned adjustments to rules: each rule named here adds its weights to a comment it scores on, on
    /// top of the rule's own weight (what `rapport lexicon` fits when the rules are features too).
    public var rules: [LexiconRuleWeight] = []
    /// Where the `lexicon:` section starts.
    public var location: SourceLocation

    /// Creates a lexicon.
    public init(bias: [Label: Double] = [:], terms: [LexiconTerm] = [], location: SourceLocation) {
        self.bias = bias
        self.terms = terms
        self.location = location
    }
}

/// One term of a ``Lexicon`` and its weight for each label it moves.
public struct LexiconTerm: Sendable, Hashable {
    /// The term as written: its normalized words joined by one space.
    public var text: String
    /// The term's normalized words (one or two).
    public var words: [String]
    /// What the term adds to each label's score (labels not listed get nothing).
    public var weights: [Label: Double] {
        get {
            var weights = others
            for (slot, label) in Label.scored.enumerated() {
                if let weight = scored[slot] { weights[label] = weight }
            }
            return weights
        }
        set {
            scored = ScoredWeights()
            others = [:]
            for (label, weight) in newValue {
                if let slot = Label.scored.firstIndex(of: label) { scored[slot] = weight } else { others[label] = weight }
            }
        }
    }
    /// Where the term is written.
    public var location: SourceLocation
    /// The weights of the scored labels, by their slot in `Label.scored`: a term of the table form gets
    /// them without a dictionary (one per term was a fifth of decoding the default lexicon).
    private(set) var scored = ScoredWeights()
    /// The weights of other labels (only ever set through ``weights``).
    private var others: [Label: Double] = [:]

    /// Creates a term; `words` are normalized token texts.
    public init(words: [String], weights: [Label: Double], location: SourceLocation) {
        self.text = words.joined(separator: " ")
        self.words = words
        self.location = location
        self.weights = weights
    }

    /// Creates a term whose `text` is already its `words` joined by one space, with the weights `values`
    /// of the scored labels in `Label.scored` order (a label whose value is 0 is not listed).
    init(text: String, words: [String], values: [Double], location: SourceLocation) {
        self.text = text
        self.words = words
        self.location = location
        for slot in values.indices where values[slot] != 0 { scored[slot] = values[slot] }
    }
}

/// A weight or none for each of the scored labels (`Label.scored`, three of them), by slot: what a
/// `[Label: Double]` of them holds, kept inline.
struct ScoredWeights: Sendable, Hashable {
    private var complaint = 0.0, question = 0.0, praise = 0.0
    /// Bit `slot` set: that label has a weight.
    private var present: UInt8 = 0

    /// The weight of the label in `slot`, or nil when it has none; setting nil removes it.
    subscript(slot: Int) -> Double? {
        get {
            guard present & 1 << slot != 0 else { return nil }
            switch slot {
            case 0: return complaint
            case 1: return question
            default: return praise
            }
        }
        set {
            precondition((0..<3).contains(slot) && Label.scored.count == 3)
            let value = newValue ?? 0
            switch slot {
            case 0: complaint = value
            case 1: question = value
            default: praise = value
            }
            if newValue == nil { present &= ~(1 << slot) } else { present |= 1 << slot }
        }
    }
}

/// A rule's learned adjustment in a ``Lexicon``: what it adds to each label's score when it scores.
public struct LexiconRuleWeight: Sendable, Hashable {
    /// The rule's id.
    public var ruleID: String
    /// What the rule adds to each label's score (labels not listed get nothing).
    public var weights: [Label: Double]
    /// Where the entry is written.
    public var location: SourceLocation

    /// Creates an adjustment of rule `ruleID`.
    public init(ruleID: String, weights: [Label: Double], location: SourceLocation) {
        self.ruleID = ruleID
        self.weights = weights
        self.location = location
    }
}
