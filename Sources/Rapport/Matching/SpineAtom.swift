/// One token test of an entry's spine (see `TokenAutomaton`): what a single token must be for the
/// automaton to move along one edge. Each is one of the tests the interpreter makes of a token, so a path
/// of atoms matches a run of tokens exactly when the ops it was expanded from would match it.
enum SpineAtom: Hashable, Sendable {
    /// The word `id` (a token's text or its variant) with kind constraint `kind` (-1: any kind but a mention;
    /// else exactly that kind code), as `Op.Code.word` and list atoms test it.
    case word(id: Int32, kind: Int32)
    /// A token (not a mention or URL) that starts with the prefix `id`, as `Op.Code.prefix` tests it.
    case prefix(id: Int32)
    /// A token of kind code `kind`, one of the kinds of an `Op.Code.tokenClass` mask.
    case kind(UInt8)
}

/// The spine of an entry: its leading ops that test one token each and can be spelled out as paths of
/// `SpineAtom`s (words, prefixes, built-in classes, list entries and alternatives made of such ops), every
/// path the ops can match, and how many of the entry's ops they cover.
struct EntrySpine {
    /// Every sequence of token tests the covered ops can match (one per combination of list entries,
    /// alternatives and class kinds); empty when they can match nothing (an empty list).
    var paths: [[SpineAtom]]
    /// The spine covers the entry's ops `start..<start + opCount` (its first op onwards).
    var opCount: Int
}

/// One op of an entry's spine as the choices of atoms it gives each path, without the paths spelled out
/// (see `SpineShape`).
enum SpineStep {
    /// A word or prefix op: one choice of one atom.
    case atom(SpineAtom)
    /// A list: one choice per entry of list `list` of `CompiledLists`, its atoms as `.word`s.
    case list(Int)
    /// A class: one choice of one `.kind` per kind code set in `mask` (below `KindCode.count`).
    case kinds(mask: Int32)
    /// Alternatives (the group op `op`): one choice per path, in the order `SpineExpander.expand` spells them
    /// out, walked through the group's sequences without being spelled out.
    case alternatives(Op)
}

/// The spine of an entry as `SpineExpander.spine` works it out, kept as one step per covered op: the
/// paths are every choice of the first step followed by every choice of the next, and so on, in that
/// order (`SpineExpander.paths(of:)` spells them out). `TokenAutomatonBuilder.add(_:from:entry:)` walks
/// them without making an array per path.
struct SpineShape {
    /// One per covered op, in order.
    var steps: [SpineStep]
    /// How many paths the steps make (the product of their choices).
    var pathCount: Int
    /// The length in atoms of the first path, -1 when there is none.
    var firstLength: Int
    /// Whether every path has the same length (true when there is none).
    var uniformLength: Bool
    /// The spine covers this many of the entry's ops.
    var opCount: Int { steps.count }
}
