import RapportSupport
import Testing
@testable import Rapport

/// The shortcuts that loading a pack takes (docs/PERFORMANCE.md, "Loading the default pack, round 3")
/// give what the plain ways of working the same thing out give.
@Suite struct LoadFastPathTests {
    /// The lines of `text` as scalars, split at line feeds only, as `ScalarPositions` numbers them.
    static func scalarLines(_ text: String) -> [[Unicode.Scalar]] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            Array(String(decoding: $0, as: UTF8.self).unicodeScalars)
        }
    }

    /// Texts with multi-byte scalars before, inside and after the places compared, tabs, carriage
    /// returns, combining marks and an empty last line; and the default pack's files.
    static let texts: [String] =
        [
            "rapport: 1\n  - \"où est mon remboursement\" # é\n\té\u{301}tude  x\r\n\n😀 a 😀b\n",
            "plain\n  two spaces\n\t\ttabs\n \t mixed\nno break at the end",
            "",
        ] + RulePack.defaultFiles.map(\.text)

    @Test func contentOnALineIsComparedAsTheLinesScalarsWouldBe() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        var agreed = 0, onLine = 0
        for text in Self.texts {
            let positions = ScalarPositions(file: "t.yaml", text: text)
            let lines = Self.scalarLines(text)
            #expect(positions.lineCount == lines.count)
            for (index, line) in lines.enumerated() {
                let number = index + 1
                #expect(positions.indent(ofLine: number) == line.prefix { $0 == " " || $0 == "\t" }.count)
                // Every place on short lines, a sample on long ones; contents taken from the line (so most
                // are found), shifted by one scalar, and changed in their last scalar.
                let tries = min(line.count + 2, 12)
                for _ in 0..<tries {
                    let from = next(line.count + 2) - (next(8) == 0 ? 1 : 0)
                    let start = max(0, min(from, line.count))
                    let length = next(line.count - start + 2)
                    var content = Array(line[start..<min(line.count, start + length)])
                    switch next(4) {
                    case 0: content.append("x")
                    case 1 where !content.isEmpty: content[content.count - 1] = "é"
                    case 2 where !content.isEmpty: content.removeFirst()
                    default: break
                    }
                    var string = ""
                    string.unicodeScalars.append(contentsOf: content)
                    let expected =
                        from >= 0 && from + content.count <= line.count && Array(line[from..<(from + content.count)]) == content
                    #expect(positions.content(string, isOnLine: number, from: from) == expected, "line \(number) from \(from): \(string)")
                    agreed += 1
                    if expected { onLine += 1 }
                }
            }
        }
        #expect(agreed > 10_000)
        #expect(onLine > 1_000)
    }

    @Test func literalWordsCountAsSplittingAtSpaces() {
        let texts = [
            "", " ", "a", "where is my", "  two  spaces  ", "a\tb c", "x\r\ny", "où est", "a \u{301}b", "e\u{301} e", "😀 😀",
            " \u{301}", "trailing ", "ñ \u{300}\u{300} z",
        ]
        for text in texts {
            #expect(PackLimits.literalWords(text) == text.split(whereSeparator: { $0 == " " }).count, "\(text)")
        }
        for file in RulePack.defaultFiles {
            for line in file.text.split(separator: "\n") {
                let text = String(line)
                #expect(PackLimits.literalWords(text) == text.split(whereSeparator: { $0 == " " }).count)
            }
        }
    }

    @Test func asciiPatternKeysAreThePlainOnes() {
        var texts = [
            "", " ", "Where IS  my\tRefund", "  lead and trail \r\n", "a\u{0B}b\u{0C}c", "\u{1C}x", "ÉTÉ  Long", "\u{212A}elvin",
            "[A|B c]  {0,2} <Things>", "x\u{85}y", "a\u{2028}b", "İstanbul",
        ]
        for file in RulePack.defaultFiles { texts += file.text.split(separator: "\n").map(String.init) }
        var ascii = 0
        for text in texts {
            #expect(PackFileDecoder.patternKey(text) == PackFileDecoder.plainPatternKey(text), "\(text)")
            if PackFileDecoder.asciiPatternKey(text) != nil { ascii += 1 }
        }
        #expect(ascii > 1_000)
    }

    @Test func ownASCIIKeysAreThePlainOnes() {
        var texts = ["", "a", "a b", "a  b", " a", "a ", "ab\tc", "aB", "a\nb", "é", "where is my refund", "[a|b c] {0,2} <things>"]
        for file in RulePack.defaultFiles { texts += file.text.split(separator: "\n").map(String.init) }
        texts += RulePack.default.rules.flatMap { $0.match + $0.unless }.map(\.source)
        var own = 0
        for text in texts {
            var bytes = text
            guard bytes.withUTF8(PackFileDecoder.isOwnASCIIKey) else { continue }
            #expect(PackFileDecoder.plainPatternKey(text) == text, "\(text)")
            own += 1
        }
        // Most of the default pack's 1,243 patterns.
        #expect(own > 1_000)
    }

    @Test func patternScalarsAreTheUnicodeScalars() {
        var texts = ["", "a", "é", "a\u{301}b", "😀 [a|b]", "\u{7F}\u{80}", "where is my refund"]
        for file in RulePack.defaultFiles { texts += file.text.split(separator: "\n").map(String.init) }
        for text in texts { #expect(PatternParser.scalars(of: text) == Array(text.unicodeScalars), "\(text)") }
    }

    @Test func internedWordsAreTheSameBytes() {
        // Small and large strings, ASCII and not, and canonically equivalent spellings (equal as
        // `String`s, different bytes: two words to the vocabulary).
        let words = [
            "a", "ab", "refund", "refunds", "a-very-long-word-of-many-bytes", "a-very-long-word-of-many-bytez", "é", "e\u{301}", "café",
            "cafe\u{301}", "😀", "",
        ]
        var vocabulary = Vocabulary()
        let ids = words.map { vocabulary.intern(word: $0) }
        #expect(Set(ids).count == words.count)
        for (word, id) in zip(words, ids) {
            #expect(vocabulary.intern(word: String(decoding: Array(word.utf8), as: UTF8.self)) == id, "\(word)")
            #expect(vocabulary.words[Int(id)] == word)
        }
    }

    @Test func int32RunsAreTheirArrays() {
        let runs: [[Int32]] = [[], [0], [0, 0], [1, 2], [1, 2, 0], [2, 1], [-1], Array(0..<300), Array(0..<299) + [0]]
        var table: [Int32Run: Int] = [:]
        for (index, run) in runs.enumerated() { table[Int32Run(run)] = index }
        #expect(table.count == runs.count)
        for (index, run) in runs.enumerated() { #expect(table[Int32Run(Array(run))] == index) }
    }

    @Test func patternWordStringsAreTheirScalars() {
        let texts = ["", "a", "refund", "remboursement", "é", "où", "😀", "a\u{301}bcdefghijklmnop", "ナイス", "abcdefghijklmno", "abcdefghijklmnop"]
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            #expect(PatternScanner.string(scalars[...]) == text, "\(text)")
            #expect(PatternScanner.string(scalars.dropFirst()) == String(String.UnicodeScalarView(scalars.dropFirst())), "\(text)")
        }
    }

    @Test func trimmedIsTrimmingSpaces() {
        var texts = [
            "", " ", "a", " a", "a ", "\ta\n", "a\u{85}", "\u{A0}a", "a\u{301}", "é", " é ", "x\u{2003}", "\r\n", "ab cd", "\u{1C}a\u{1F}",
        ]
        for file in RulePack.defaultFiles { texts += file.text.split(separator: "\n").map(String.init) }
        for text in texts { #expect(PackFileDecoder.trimmed(text) == text.trimmingSpaces, "\(text)") }
    }

    @Test func childTableAnswersAsADictionary() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        var table = ChildTable()
        var reference: [UInt64: Int32] = [:]
        // Keys shaped as the builder's (a node in the high bits) and arbitrary ones, through several doublings.
        for step in 0..<20_000 {
            let key = step % 3 == 0 ? next() >> 1 : (UInt64(next() % 4_000) << 38) | (next() % 64)
            #expect(table.child(key) == reference[key])
            if reference[key] == nil {
                table.insert(key, Int32(step))
                reference[key] = Int32(step)
            }
        }
        #expect(table.count == reference.count)
        for (key, child) in reference { #expect(table.child(key) == child) }
        for _ in 0..<1_000 {
            let key = next() >> 1
            #expect(table.child(key) == reference[key])
        }
    }

    /// Random sequences of words, prefixes, lists (up to 300 entries, so the path limit is reached),
    /// classes, gaps and alternatives, and an expander over their lists and alternatives; `plain` expands
    /// a list inside alternatives before it counts its paths (`listsCountedFirst: false`).
    static func randomSpineSequences(seed: UInt64) -> (expander: SpineExpander, plain: SpineExpander, sequences: [[Op]]) {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        var lists = CompiledLists()
        for size in [0, 1, 3, 17, 300] {
            for _ in 0..<size {
                for _ in 0..<(1 + next(3)) { lists.atoms.append(Atom(id: Int32(next(50)), kind: next(4) == 0 ? 3 : -1)) }
                lists.entryAtomStart.append(Int32(lists.atoms.count))
            }
            lists.listFirst.append(Int32(lists.entryAtomStart.count - 1))
        }
        var ops: [Op] = [], sequenceStart: [Int32] = [], sequenceEnd: [Int32] = []
        func randomOp(depth: Int) -> Op {
            switch next(depth > 1 ? 6 : 8) {
            case 0, 1, 2: return Op(.word, Int32(next(60)), next(5) == 0 ? 2 : -1)
            case 3: return Op(.prefix, Int32(next(9)))
            case 4: return Op(.list, Int32(next(5)))
            case 5: return Op(.tokenClass, Int32(1 + next(255)))
            case 6: return [Op(.gap, 0, 2), Op(.any), Op(.end)][next(3)]
            default:
                let first = Int32(sequenceStart.count)
                let count = 1 + next(4)
                var sequences: [[Op]] = []
                for _ in 0..<count { sequences.append((0..<(1 + next(3))).map { _ in randomOp(depth: depth + 1) }) }
                for sequence in sequences {
                    sequenceStart.append(Int32(ops.count))
                    ops.append(contentsOf: sequence)
                    sequenceEnd.append(Int32(ops.count))
                }
                return Op(.alternatives, first, Int32(count))
            }
        }
        var sequences: [[Op]] = []
        for _ in 0..<2_000 { sequences.append((0..<(1 + next(7))).map { _ in randomOp(depth: 0) }) }
        let expander = SpineExpander(ops: ops, sequenceStart: sequenceStart, sequenceEnd: sequenceEnd, lists: lists)
        let plain = SpineExpander(
            ops: ops, sequenceStart: sequenceStart, sequenceEnd: sequenceEnd, lists: lists, listsCountedFirst: false)
        return (expander, plain, sequences)
    }

    /// Word and prefix ops appended to every path in place give the spines that expanding them as
    /// one-path groups does, in random sequences of words, prefixes, lists (up to 300 entries, so the
    /// path limit is reached), classes and alternatives.
    @Test func spinesWithAtomsAppendedInPlaceAreThePlainOnes() {
        let (expander, plainExpander, sequences) = Self.randomSpineSequences(seed: 42)
        var covered = 0, cut = 0
        for sequence in sequences {
            for index in sequence.indices {
                let fast = expander.spine(of: sequence, from: index)
                let plain = plainExpander.spine(of: sequence, from: index, appendingAtoms: false)
                #expect(fast.paths == plain.paths && fast.opCount == plain.opCount, "\(sequence) from \(index)")
                covered += fast.opCount
                if index + fast.opCount < sequence.count, fast.paths.count > 1 { cut += 1 }
            }
        }
        #expect(covered > 5_000)
        #expect(cut > 100)
    }

    /// The trie as `TokenAutomatonBuilder` made it before round 5 (a dictionary of children, an array of
    /// entries per node), the oracle of the builder's nodes.
    struct ReferenceTrie {
        struct Edge: Hashable {
            var node: Int32
            var atom: SpineAtom
        }
        var children: [Edge: Int32] = [:]
        var parent: [Int32] = [-1]
        var atom: [SpineAtom] = [.kind(0)]
        var depth: [Int32] = [0]
        var outputs: [[Int32]] = [[]]

        mutating func add(_ paths: [[SpineAtom]], entry: Int32) {
            for path in paths where !path.isEmpty {
                var node: Int32 = 0
                for step in path {
                    if let child = children[Edge(node: node, atom: step)] {
                        node = child
                    } else {
                        let child = Int32(depth.count)
                        children[Edge(node: node, atom: step)] = child
                        parent.append(node)
                        atom.append(step)
                        depth.append(depth[Int(node)] + 1)
                        outputs.append([])
                        node = child
                    }
                }
                if outputs[Int(node)].last != entry { outputs[Int(node)].append(entry) }
            }
        }
    }

    /// A spine kept as steps (`SpineExpander.shape`, round 5) covers the ops the plain expansion covers,
    /// spells out the same paths in the same order, with the same count, first length and whether all
    /// have one length; and a trie to which every entry's steps are added depth first has the same nodes,
    /// numbered alike, with the same entries, as one to which every path of the plain spines is added,
    /// and as the trie made the way it was before round 5 (`ReferenceTrie`).
    @Test func spineStepsAreThePlainSpinesAndBuildTheSameTrie() {
        for seed: UInt64 in [42, 7, 2_026] {
            let (expander, plainExpander, sequences) = Self.randomSpineSequences(seed: seed)
            var walked = TokenAutomatonBuilder(), plainTrie = TokenAutomatonBuilder()
            var reference = ReferenceTrie()
            var entry: Int32 = 0, cut = 0, uniform = 0, mixed = 0, empty = 0
            for sequence in sequences {
                for index in sequence.indices {
                    let shape = expander.shape(of: sequence, from: index)
                    let plain = plainExpander.spine(of: sequence, from: index, appendingAtoms: false)
                    let length = plain.paths.first?.count ?? -1
                    let same = plain.paths.allSatisfy { $0.count == length }
                    #expect(shape.opCount == plain.opCount, "\(sequence) from \(index)")
                    #expect(expander.paths(of: shape) == plain.paths, "\(sequence) from \(index)")
                    #expect(shape.pathCount == plain.paths.count)
                    #expect(shape.firstLength == length)
                    #expect(shape.uniformLength == same)
                    if index + shape.opCount < sequence.count, shape.pathCount > 1 { cut += 1 }
                    if plain.paths.count > 1 { if same { uniform += 1 } else { mixed += 1 } }
                    if plain.paths.isEmpty || plain.paths.contains(where: \.isEmpty) { empty += 1 }
                    walked.add(shape, from: expander, entry: entry)
                    plainTrie.add(plain, entry: entry)
                    reference.add(plain.paths, entry: entry)
                    // Now and then the same entry twice in a row, as an entry's paths can end at one node.
                    if index % 5 != 4 { entry += 1 }
                }
            }
            let a = walked.nodes, b = plainTrie.nodes
            #expect(a.parent == b.parent && a.atom == b.atom && a.depth == b.depth && a.outputs == b.outputs)
            #expect(a.parent == reference.parent && a.atom == reference.atom && a.depth == reference.depth)
            #expect(a.outputs == reference.outputs)
            #expect(a.outputs.contains { $0.count > 1 })
            #expect(a.depth.count > 10_000)
            #expect(cut > 100 && uniform > 100 && mixed > 100 && empty > 10)
        }
    }

    /// A list op's required terms, cost and part kept per list (round 5) give every entry of the default
    /// pack the parts that working them out per entry gives (`listPartsKept: false`).
    @Test func listPartsKeptPerListAreThoseWorkedOutPerEntry() {
        let pack = RulePack.default
        var kept = MatcherBuilder(lists: pack.lists)
        var plain = MatcherBuilder(lists: pack.lists, listPartsKept: false)
        var patterns = 0
        for rule in pack.rules {
            for pattern in rule.match + rule.unless {
                #expect(kept.add(pattern, rule: rule.id) == plain.add(pattern, rule: rule.id))
                patterns += 1
            }
        }
        let a = kept.build(), b = plain.build()
        #expect(a.entries == b.entries)
        #expect(a.required.partStart == b.required.partStart && a.required.terms == b.required.terms)
        #expect(a.required.entryParts == b.required.entryParts)
        #expect(patterns > 1_000 && a.entries.count > 5_000 && a.required.entryParts.count > 1_000)
    }

    /// A group's paths counted without being spelled out (`SpineExpander.measure`, round 6) are those
    /// `expand` spells out: nil at the same limits, else the same count, first length, shortest and
    /// longest; and a group's sequence has a path (`hasPath`) exactly when it spells out one. On every
    /// group of the random sequences, at limits from 1 to unbounded.
    @Test func groupsMeasuredAreTheGroupsSpelledOut() {
        for seed: UInt64 in [42, 7, 2_026] {
            let (expander, plain, _) = Self.randomSpineSequences(seed: seed)
            var refused = 0, counted = 0, empty = 0
            for op in expander.ops where op.code == .alternatives {
                for limit in [1, 2, 5, 16, 100, SpineExpander.maxPaths, .max] {
                    let measure = expander.measure(op, limit: limit)
                    let paths = plain.expand(op, limit: limit)
                    #expect((measure == nil) == (paths == nil), "\(op) limit \(limit)")
                    guard let measure, let paths else {
                        refused += 1
                        continue
                    }
                    counted += 1
                    #expect(measure.count == paths.count, "\(op) limit \(limit)")
                    if let first = paths.first {
                        #expect(measure.first == first.count)
                        #expect(measure.shortest == paths.map(\.count).min() && measure.longest == paths.map(\.count).max())
                    } else {
                        empty += 1
                    }
                }
                for sequence in Int(op.a)..<Int(op.a + op.b) {
                    let paths = plain.expand(Op(.alternatives, Int32(sequence), 1), limit: .max)
                    #expect(expander.hasPath(sequence: sequence) == (paths.map { !$0.isEmpty } ?? true))
                }
            }
            #expect(refused > 100 && counted > 1_000 && empty > 10)
        }
    }

    /// What an expander sharing a `SpineMemo` finds for a group or sequence (session 26b) is what one
    /// without finds: asked twice (the second answer from the memo), at the memo's limit and at others,
    /// and the spines of the random sequences keep the same shape (their groups may name the same first
    /// sequence with different counts, which the memo keeps apart).
    @Test func memoizedGroupsAreTheGroupsWorkedOut() {
        for seed: UInt64 in [42, 7, 2_026] {
            let (expander, _, sequences) = Self.randomSpineSequences(seed: seed)
            var memoized = expander
            memoized.memo = SpineMemo()
            for _ in 0..<2 {
                for op in expander.ops where op.code == .alternatives {
                    for limit in [5, SpineExpander.maxPaths, .max] {
                        let (found, wanted) = (memoized.measure(op, limit: limit), expander.measure(op, limit: limit))
                        #expect(found?.count == wanted?.count && found?.first == wanted?.first, "\(op) limit \(limit)")
                        #expect(found?.shortest == wanted?.shortest && found?.longest == wanted?.longest, "\(op) limit \(limit)")
                    }
                    for sequence in Int(op.a)..<Int(op.a + op.b) {
                        #expect(memoized.hasPath(sequence: sequence) == expander.hasPath(sequence: sequence))
                    }
                }
                for sequence in sequences {
                    let (found, wanted) = (memoized.shape(of: sequence, from: 0), expander.shape(of: sequence, from: 0))
                    #expect(found.pathCount == wanted.pathCount && found.steps.count == wanted.steps.count)
                    #expect(found.firstLength == wanted.firstLength && found.uniformLength == wanted.uniformLength)
                }
            }
        }
    }

    /// Groups walked into the trie through their sequences (round 6) make the trie that their paths spelled
    /// out make (`ReferenceTrie`), on written groups: an empty sequence, sequences with no path (an empty
    /// list, a class with no kind, a group with none) before and after ones with paths, nested groups
    /// followed by ops of their sequence and by the spine's next steps, classes and lists inside groups,
    /// and a spine that is a group alone.
    @Test func groupsWalkedThroughTheirSequencesBuildTheTrieOfTheirPaths() {
        var lists = CompiledLists()
        // List 0: three entries of one and two words; list 1: empty.
        for entry in [[1], [2, 3], [1, 4]] {
            for id in entry { lists.atoms.append(Atom(id: Int32(id), kind: -1)) }
            lists.entryAtomStart.append(Int32(lists.atoms.count))
        }
        lists.listFirst.append(Int32(lists.entryAtomStart.count - 1))
        lists.listFirst.append(Int32(lists.entryAtomStart.count - 1))
        var ops: [Op] = [], sequenceStart: [Int32] = [], sequenceEnd: [Int32] = []
        func group(_ sequences: [[Op]]) -> Op {
            let first = Int32(sequenceStart.count)
            // The sequences' ranges are consecutive; their ops are appended after them.
            for _ in sequences {
                sequenceStart.append(0)
                sequenceEnd.append(0)
            }
            for (offset, sequence) in sequences.enumerated() {
                sequenceStart[Int(first) + offset] = Int32(ops.count)
                ops.append(contentsOf: sequence)
                sequenceEnd[Int(first) + offset] = Int32(ops.count)
            }
            return Op(.alternatives, first, Int32(sequences.count))
        }
        let w = { (id: Int32) in Op(.word, id, -1) }
        let noPath = group([[w(9), Op(.list, 1)]])
        let nested = group([[w(5), group([[w(6)], [Op(.list, 0), w(7)], []]), w(8)], [Op(.tokenClass, 0b1010)]])
        let written: [[Op]] = [
            [group([[w(1)], [], [w(1), w(2)]]), w(3)],
            [w(1), group([[w(9), Op(.list, 1)], [w(2)], [Op(.tokenClass, 1 << 9)], [w(3), noPath], [w(2), w(4)]]), w(5)],
            [nested, nested, Op(.prefix, 2)],
            [group([[Op(.list, 0), Op(.tokenClass, 0b11)], [Op(.prefix, 1), group([[w(1)], [w(1), w(1)]])]]), Op(.list, 0)],
            [group([[]]), w(4)],
            [group([[w(7)], [w(7)]])],
            [noPath, w(1)],
            [w(2), group([[]])],
        ]
        let expander = SpineExpander(ops: ops, sequenceStart: sequenceStart, sequenceEnd: sequenceEnd, lists: lists)
        var walked = TokenAutomatonBuilder()
        var reference = ReferenceTrie()
        var entry: Int32 = 0, groups = 0
        for sequence in written {
            for index in sequence.indices {
                let shape = expander.shape(of: sequence, from: index)
                let plain = expander.spine(of: sequence, from: index, appendingAtoms: false)
                #expect(shape.opCount == plain.opCount && shape.pathCount == plain.paths.count, "\(sequence) from \(index)")
                groups += shape.steps.filter { if case .alternatives = $0 { true } else { false } }.count
                walked.add(shape, from: expander, entry: entry)
                reference.add(plain.paths, entry: entry)
                entry += 1
            }
        }
        let a = walked.nodes
        #expect(a.parent == reference.parent && a.atom == reference.atom && a.depth == reference.depth)
        #expect(a.outputs == reference.outputs)
        #expect(groups >= 10 && a.depth.count > 20)
    }
}
