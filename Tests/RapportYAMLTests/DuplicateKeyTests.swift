import RapportYAML
import Testing

/// A mapping may not have the same key twice; the error names both places.
@Suite struct DuplicateKeyTests {
    @Test func blockMappingDuplicate() {
        let error = loadError("""
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
}
