import RapportYAML
import Testing

/// A mapping may not have the same key twice; the error names both places.
@Suite struct DuplicateKeyTests {
    @Test func blockMappingDuplicate() {
        let error = loadError(
            """
            name: a
            weight: 1
            name: b
            """)
        #expect(error?.kind == .duplicateKey)
        #expect(error?.mark == Mark(line: 3, column: 1))
        #expect(error?.description == "3:1: duplicate key 'name'; it was first given at 1:1")
    }

    @Test func nestedFlowDuplicate() {
        let error = loadError("rules:\n  - {id: x, label: q, id: y}\n")
        #expect(error?.kind == .duplicateKey)
        #expect(error?.problem == "duplicate key 'id'; it was first given at 2:6")
        #expect(error?.mark == Mark(line: 2, column: 23))
    }

    @Test func keysCompareByValueNotSpelling() {
        // Both are the string "a"; both are the integer 16.
        #expect(loadError("a: 1\n'a': 2\n")?.kind == .duplicateKey)
        #expect(loadError("16: x\n0x10: y\n")?.problem == "duplicate key '0x10'; it was first given at 1:1")
        #expect(loadError("~: x\nnull: y\n")?.kind == .duplicateKey)
        #expect(loadError("? [a, b]\n: 1\n? [a, b]\n: 2\n")?.kind == .duplicateKey)
    }

    @Test func differentTypesAreDifferentKeys() throws {
        // The integer 1, the float 1.0, the string "1" and the boolean true are four keys.
        let root = try load("1: int\n1.0: float\n'1': string\ntrue: bool\n")
        #expect(root.mapping?.entries.count == 4)
        #expect(root["1"]?.scalar?.string == "int")
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        let root = try load("a: {id: 1}\nb: {id: 2}\n")
        #expect(root["b", "id"]?.scalar?.value == .int(2))
    }

    @Test func manyKeysLoad() throws {
        let text = (0..<5000).map { "key\($0): \($0)" }.joined(separator: "\n")
        let root = try load(text)
        #expect(root.mapping?.entries.count == 5000)
        #expect(root["key4999"]?.scalar?.value == .int(4999))
        #expect(loadError(text + "\nkey17: again")?.problem == "duplicate key 'key17'; it was first given at 18:1")
    }

    @Test func sequenceAndMappingKeysCompareByValue() throws {
        #expect(loadError("? [a, [1, b]]\n: 1\n? ['a', [0x1, \"b\"]]\n: 2\n")?.problem == "duplicate key '[...]'; it was first given at 1:3")
        #expect(loadError("? {a: [1], b: .nan}\n: 1\n? {a: [1], b: .NaN}\n: 2\n")?.mark == Mark(line: 3, column: 3))
        #expect(loadError("x: &k [a]\n? [a]\n: 1\n? *k\n: 2\n")?.problem == "duplicate key '[...]'; it was first given at 2:3")
        // Order, type and nesting make different keys.
        let root = try load("? [a, b]\n: 1\n? [b, a]\n: 2\n? {a: 1, b: 2}\n: 3\n? {b: 2, a: 1}\n: 4\n? [[a]]\n: 5\n? [a]\n: 6\n? ['1']\n: 7\n? [1]\n: 8\n")
        #expect(root.mapping?.entries.count == 8)
    }

    @Test func fiftyThousandSequenceKeysAreCheckedByHashNotPairwise() {
        // Each new complex key was compared with every earlier one (and the frame's key table was
        // copied per key): 50,000 keys in a 689 KB file took over 100 s. The duplicate is still found.
        let text = "x:\n" + (0..<50_000).map { "  ? [k, \($0)]\n  : 1\n" }.joined() + "  ? [k, 17]\n  : 2\n"
        #expect(loadError(text)?.problem == "duplicate key '[...]'; it was first given at 36:5")
    }

    @Test func mergedComplexKeysDoNotOverrideTheMappingsOwn() throws {
        let root = try load("base: &b {? [a]: merged, ? [c]: merged}\nm:\n  <<: *b\n  ? [a]\n  : own\n")
        let entries = root["m"]?.mapping?.entries ?? []
        #expect(entries.count == 2)
        #expect(entries.map { $0.value.scalar?.string } == ["own", "merged"])
    }
}
