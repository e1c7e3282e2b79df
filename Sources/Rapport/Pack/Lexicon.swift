/// The `lexicon:` section: learned term weights that add to the rules' label scores.
///
/// A term is one word or two adjacent words, written as the tokenizer normalizes them (lowercase,
/// accents folded, a negative contraction split: "don't" is `do n't`). Each term found in a comment adds
/// its weights once, however often it occurs; the `bias` is added to every comment. Mentions, URLs and
/// numbers are never terms, so a lexicon cannot learn a brand's handle. `rapport lexicon` fits one from
/// comments labelled by people, next to the pack's rules; a layer's lexicon replaces the one below it
/// (the model was fitted without it). See README ("A learned lexicon").
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
    public var weights: [Label: Double]
    /// Where the term is written.
    public var location: SourceLocation

    /// Creates a term; `words` are normalized token texts.
    public init(words: [String], weights: [Label: Double], location: SourceLocation) {
        self.text = words.joined(separator: " ")
        self.words = words
        self.weights = weights
        self.location = location
    }

    /// Creates a term whose `text` is already its `words` joined by one space.
    init(text: String, words: [String], weights: [Label: Double], location: SourceLocation) {
        self.text = text
        self.words = words
        self.weights = weights
        self.location = location
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
