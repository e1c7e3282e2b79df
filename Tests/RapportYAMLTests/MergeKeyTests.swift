import RapportYAML
import Testing

/// `<<` merge keys bring in the entries of an aliased (or inline) mapping or list of mappings.
@Suite struct MergeKeyTests {
    @Test func mergeFromAnAlias() throws {
        let root = try load(
            """
            base: &base
              weight: 1
              label: complaint
            rule:
              <<: *base
              id: late
              weight: 3
            """)
        let rule = try #require(root["rule"]?.mapping)
        #expect(rule.entries.map(\.key.keyString) == ["id", "weight", "label"])
        #expect(rule["weight"]?.scalar?.value == .int(3))
        #expect(rule["label"]?.scalar?.string == "complaint")
        // Merged entries keep the marks of the place they were written.
        #expect(rule["label"]?.mark == Mark(line: 3, column: 10))
    }

    @Test func earlierMappingsInAMergeListWin() throws {
        let root = try load(
            """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c:
              <<: [*a, *b]
              w: 0
            """)
        #expect(root["c"]?.jsonValue == .object(["w": .int(0), "x": .int(1), "y": .int(1), "z": .int(2)]))
    }

    @Test func inlineMappingMerge() throws {
        let root = try load("m: {<<: {a: 1}, b: 2}")
        #expect(root["m"]?.jsonValue == .object(["a": .int(1), "b": .int(2)]))
    }

    @Test func mergedMappingThatMergesItself() throws {
        let root = try load(
            """
            a: &a {x: 1}
            b: &b {<<: *a, y: 2}
            c: {<<: *b, z: 3}
            """)
        #expect(root["c"]?.jsonValue == .object(["x": .int(1), "y": .int(2), "z": .int(3)]))
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let root = try load("'<<': {a: 1}\n")
        #expect(root["<<"]?.mapping != nil)
        #expect(root["a"] == nil)
    }

    @Test func mergeOfAScalarIsAnError() {
        let error = loadError("a: &a 1\nb:\n  <<: *a\n")
        #expect(error?.kind == .badMerge)
        #expect(error?.description == "3:7: a merge key '<<' needs a mapping or a list of mappings, not an integer")
    }

    @Test func mergeListWithAScalarIsAnError() {
        let error = loadError("a: &a {x: 1}\nb:\n  <<: [*a, 2]\n")
        #expect(error?.kind == .badMerge)
        #expect(error?.description == "3:12: a merge key '<<' needs a mapping or a list of mappings; this item is an integer")
        let aliased = loadError("a: &a {x: 1}\ns: &s text\nb:\n  <<: [*a, *s]\n")
        #expect(aliased?.description == "4:12: a merge key '<<' needs a mapping or a list of mappings; this item is a string")
    }

    @Test func twoMergeKeysAreDuplicates() {
        let error = loadError("a: &a {x: 1}\nb: &b {y: 1}\nc:\n  <<: *a\n  <<: *b\n")
        #expect(error?.kind == .duplicateKey)
        #expect(error?.problem == "duplicate key '<<'; it was first given at 4:3")
    }
}

extension Node {
    var keyString: String? { scalar?.string }
}
