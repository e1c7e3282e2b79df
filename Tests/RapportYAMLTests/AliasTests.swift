import RapportYAML
import Testing

/// Anchors and aliases are expanded in place, within a budget.
@Suite struct AliasTests {
    @Test func aliasCopiesTheAnchoredNode() throws {
        let root = try load(
            """
            lists:
              parcel: &parcel [order, package]
            rules:
              - match: *parcel
              - match: *parcel
            """)
        #expect(root["rules", 0, "match"]?.jsonValue == .array([.string("order"), .string("package")]))
        #expect(root["rules", 1, "match"] == root["lists", "parcel"])
    }

    @Test func anchoredNodeHoldingAliasesOfAnchors() throws {
        // &b holds aliases of &a; *b must carry the expanded &a nodes.
        let root = try load(
            """
            a: &a {x: 1}
            b: &b [*a, *a]
            c: &c {all: *b}
            d: [*c, *b]
            """)
        let one = Node.JSONValue.object(["x": .int(1)])
        #expect(root["d"]?.jsonValue == .array([.object(["all": .array([one, one])]), .array([one, one])]))
    }

    @Test func anchorOnAScalarAndOnAKey() throws {
        let root = try load("&k key: &v value\nother: *v\nlist: [*k, *v]\n")
        #expect(root["other"]?.scalar?.string == "value")
        #expect(root["list"]?.jsonValue == .array([.string("key"), .string("value")]))
        #expect(loadError("&k key: 1\n*k : 2\n")?.kind == .duplicateKey)
    }

    @Test func redefinedAnchorUsesTheLatestNode() throws {
        let root = try load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")
        #expect(root["b"]?.scalar?.value == .int(1))
        #expect(root["d"]?.scalar?.value == .int(2))
    }

    @Test func undefinedAlias() {
        let error = loadError("a: *nowhere\n")
        #expect(error?.kind == .undefinedAlias)
        #expect(error?.description == "1:4: alias '*nowhere' refers to an anchor that is not defined before it")
    }

    @Test func aliasBeforeItsAnchor() {
        #expect(loadError("a: *x\nb: &x 1\n")?.kind == .undefinedAlias)
    }

    @Test func recursiveAlias() {
        let error = loadError("a: &loop [1, *loop]\n")
        #expect(error?.kind == .undefinedAlias)
        #expect(error?.problem == "alias '*loop' refers to a node that contains it; recursive aliases are not supported")
    }

    @Test func anchorsDoNotCrossDocuments() throws {
        #expect(
            throws: YAMLError(kind: .undefinedAlias, problem: "alias '*x' refers to an anchor that is not defined before it", mark: Mark(line: 3, column: 4))
        ) {
            try YAMLParser.parseStream("a: &x 1\n---\nb: *x\n")
        }
    }

    @Test func budgetCountsExpandedNodes() throws {
        let text = "a: &a [1, 2, 3, 4]\nb: [*a, *a]\n"
        // Each *a adds 5 nodes (the sequence and its 4 items).
        #expect(try YAMLParser.parse(text, limits: YAMLLimits(maxAliasExpansion: 10)) != nil)
        let error = loadError(text, limits: YAMLLimits(maxAliasExpansion: 9))
        #expect(error?.kind == .aliasBudget)
        #expect(error?.mark == Mark(line: 2, column: 9))
    }

    @Test func byteBudgetCountsTheScalarBytesAnAliasRepeats() throws {
        // Few nodes, much text: each *t repeats 1,000 bytes (and *m a mapping holding them twice, keys too).
        let long = String(repeating: "x", count: 1_000)
        let text = "t: &t \(long)\nm: &m {k: *t, l: *t}\nlist: [*t, *t, *m]\n"
        #expect(try YAMLParser.parse(text, limits: YAMLLimits(maxAliasBytes: 6_002)) != nil)
        let error = loadError(text, limits: YAMLLimits(maxAliasBytes: 6_001))
        #expect(error?.kind == .aliasBudget)
        #expect(error?.problem == "aliases expand to more than 6001 bytes of text; is this an alias bomb?")
        #expect(error?.mark == Mark(line: 3, column: 16))
    }

    @Test func aliasesOfALongScalarCannotMultiplyAFileByDefault() {
        // 5,000 aliases of a 2,000-byte scalar: 10 MB of text from a 27 KB file (well inside alias-nodes);
        // before the byte budget, a 218 KB file of this kind took 24 s and 1.59 GB to load as a rule pack.
        let text = "p: &p " + String(repeating: "word ", count: 400) + "\nlist: [" + Array(repeating: "*p", count: 5_000).joined(separator: ", ") + "]\n"
        let error = loadError(text)
        #expect(error?.kind == .aliasBudget)
        #expect(error?.problem == "aliases expand to more than 8388608 bytes of text; is this an alias bomb?")
        // The alias that crosses 8 MiB: the 4,195th (1,999 bytes each after the trailing space is trimmed).
        #expect(error?.mark == Mark(line: 2, column: 8 + 4 * (8_388_608 / 1_999)))
    }
}
