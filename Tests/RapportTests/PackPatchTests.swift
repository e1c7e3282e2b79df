import Foundation
import Testing
import Rapport

/// The `patch:` section: a layer that sets rule weights and the threshold without restating rules.
@Suite("Pack patches")
struct PackPatchTests {
    /// A labelled rule of the default pack without a `when` (its weight makes scores).
    static let target = RulePack.default.rules.first { $0.label != nil && $0.when == nil && !$0.match.isEmpty }!

    @Test func aPatchSetsAWeightAndTheThresholdAndKeepsEverythingElse() throws {
        let path = try LayeredPackTests.layer([
            "tuned.yaml": """
            rapport: 1
            patch:
              threshold: 2.5
              rules:
                \(Self.target.id): {weight: 4.25}   # a comment is fine
            """
        ])
        let pack = try RulePack.load(paths: [path], overDefault: true)
        let index = try #require(pack.rules.firstIndex { $0.id == Self.target.id })
        #expect(pack.rules[index].weight == 4.25)
        #expect(pack.rules[index].match == Self.target.match)
        #expect(pack.rules[index].location == Self.target.location)
        #expect(pack.settings.threshold == 2.5)
        #expect(pack.settings.name == RulePack.default.settings.name)
        #expect(pack.settings.brand == RulePack.default.settings.brand)
        for (patched, original) in zip(pack.rules, RulePack.default.rules) where patched.id != Self.target.id {
            #expect(patched == original)
        }
        // The same as applying the patch in memory.
        let applied = RulePack.default.applying(PackPatch(threshold: 2.5, weights: [(Self.target.id, 4.25)]))
        #expect(applied.rules == pack.rules)
        #expect(applied.settings == pack.settings)
    }

    @Test func aPatchedWeightChangesTheScore() throws {
        let text = try #require(Self.target.examples.fire.first?.text)
        let before = try Engine(pack: RulePack.default).classify(Comment(id: "1", text: text))
        let label = try #require(Self.target.label).rawValue
        let patch = PackPatch(weights: [(Self.target.id, Self.target.weight + 3)])
        let after = try Engine(pack: RulePack.default.applying(patch)).classify(Comment(id: "1", text: text))
        #expect(after.rules == before.rules)
        // Scores are rounded to three decimals, so the sum is compared within rounding, not bit for bit
        // (5.373 + 3 is 8.373000000000001 in binary floating point).
        let gained = (after.scores[label] ?? 0) - (before.scores[label] ?? 0)
        #expect(abs(gained - 3) < 1e-9)
    }

    @Test func anUnknownRuleIDIsAnErrorWithASuggestion() throws {
        let typo = String(Self.target.id.dropLast())
        let path = try LayeredPackTests.layer([
            "tuned.yaml": """
            rapport: 1
            patch:
              rules:
                \(typo): {weight: 2}
                no.such-rule: {weight: 1}
            """
        ])
        let errors = LayeredPackTests.loadErrors([path], overDefault: true)
        #expect(errors.map(\.code) == [.unknownRule, .unknownRule])
        #expect(errors.first?.line == 4)
        #expect(errors.first?.hint == "did you mean '\(Self.target.id)'?")
    }

    @Test func wrongShapesAreReported() throws {
        let path = try LayeredPackTests.layer([
            "tuned.yaml": """
            rapport: 1
            patch:
              threshold: -1
              weights: {}
              rules:
                \(Self.target.id): {weight: high, match: ["x"]}
            """
        ])
        let errors = LayeredPackTests.loadErrors([path], overDefault: true)
        #expect(errors.map(\.code.rawValue).sorted() == ["invalid-value", "unknown-key", "unknown-key", "wrong-type"])
    }

    @Test func patchingARuleTwiceInOneLayerIsAnError() throws {
        let path = try LayeredPackTests.layer([
            "a.yaml": "rapport: 1\npatch:\n  rules:\n    \(Self.target.id): {weight: 2}\n",
            "b.yaml": "rapport: 1\npatch:\n  threshold: 1\n  rules:\n    \(Self.target.id): {weight: 3}\n",
        ])
        let errors = LayeredPackTests.loadErrors([path], overDefault: true)
        #expect(errors.map(\.code) == [.duplicateRuleID])
        #expect(errors.first?.file == path + "/b.yaml")
    }

    @Test func aLayerMayPatchItsOwnRule() throws {
        let path = try LayeredPackTests.layer([
            "own.yaml": """
            rapport: 1
            patch:
              rules:
                praise.zorbly: {weight: 0.25}
            rules:
              - id: praise.zorbly
                label: praise
                match: zorbly
            """
        ])
        let pack = try RulePack.load(paths: [path], overDefault: true)
        #expect(pack.rules.last?.weight == 0.25)
    }
}
