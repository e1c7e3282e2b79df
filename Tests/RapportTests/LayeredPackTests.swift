import Foundation
import Testing
import Rapport

/// `RulePack.load(paths:overDefault:)`: a pack layered over the embedded default.
@Suite("Layered packs")
struct LayeredPackTests {
    /// Writes `files` (name → text) into a fresh directory and returns its path.
    static func layer(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-layer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir.path
    }

    /// A list of the default pack (whichever sorts first), so the test follows edits to `rules/`.
    static let defaultList = RulePack.default.lists.keys.sorted().first!

    static func loadErrors(_ paths: [String], overDefault: Bool) -> [Diagnostic] {
        do {
            _ = try RulePack.load(paths: paths, overDefault: overDefault)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func withoutPathsItIsTheDefaultPack() throws {
        let pack = try RulePack.load(paths: [], overDefault: true)
        #expect(pack.rules.map(\.id) == RulePack.default.rules.map(\.id))
        #expect(pack.settings == RulePack.default.settings)
    }

    @Test func aLayerAddsRulesAndMayUseTheDefaultsLists() throws {
        let path = try Self.layer([
            "extra.yaml": """
            rapport: 1
            rules:
              - id: complaint.layer-only
                label: complaint
                match: ["zorbly <\(Self.defaultList)>"]
            """
        ])
        let pack = try RulePack.load(paths: [path], overDefault: true)
        #expect(pack.rules.count == RulePack.default.rules.count + 1)
        #expect(pack.rules.last?.id == "complaint.layer-only")
        #expect(pack.rules.dropLast().map(\.id) == RulePack.default.rules.map(\.id))
        #expect(pack.cases.count == RulePack.default.cases.count)
        // On its own the same layer does not load: the list is the default's.
        let alone = Self.loadErrors([path], overDefault: false)
        #expect(alone.map(\.code) == [.undefinedList])
        #expect(alone.first?.file == path + "/extra.yaml")
    }

    @Test func aLayerReplacesARuleByIDInPlace() throws {
        let index = RulePack.default.rules.count / 2
        let target = RulePack.default.rules[index]
        let path = try Self.layer([
            "override.yaml": """
            rapport: 1
            rules:
              - id: \(target.id)
                label: praise
                weight: 7
                match: ["zorbly"]
            """
        ])
        let pack = try RulePack.load(paths: [path], overDefault: true)
        #expect(pack.rules.map(\.id) == RulePack.default.rules.map(\.id))
        let replaced = pack.rules[index]
        #expect(replaced.label == .praise && replaced.weight == 7)
        #expect(replaced.location.file == path + "/override.yaml")
        let engine = try Engine(pack: pack)
        #expect(engine.classify(Comment(id: "1", text: "zorbly")).rules == [target.id])
    }

    @Test func aLayerReplacesSettingsListsAndReplies() throws {
        let path = try Self.layer([
            "settings.yaml": """
            rapport: 1
            pack:
              name: layered
              brand: Zorbly Ltd
              threshold: 2.5
            lists:
              \(Self.defaultList): [zorbly]
            replies:
              praise: ["Cheers from {brand}!"]
            """
        ])
        let pack = try RulePack.load(paths: [path], overDefault: true)
        #expect(pack.settings.name == "layered")
        #expect(pack.settings.brand == "Zorbly Ltd")
        #expect(pack.settings.threshold == 2.5)
        #expect(pack.lists[Self.defaultList]?.entries == ["zorbly"])
        #expect(pack.lists.count == RulePack.default.lists.count)
        #expect(pack.replies.byLabel[.praise]?.count == 1)
        #expect(pack.replies.byLabel[.complaint] == RulePack.default.replies.byLabel[.complaint])
        #expect(pack.rules.count == RulePack.default.rules.count)
    }

    @Test func duplicatesWithinTheLayerAreStillErrors() throws {
        let path = try Self.layer([
            "a.yaml": """
            rapport: 1
            pack: {name: one}
            lists:
              zorbly-words: [zorbly]
            rules:
              - id: complaint.twice
                label: complaint
                match: ["<zorbly-words>"]
              - id: complaint.twice
                label: complaint
                match: ["zorblier"]
            """,
            "b.yaml": """
            rapport: 1
            pack: {name: two}
            lists:
              zorbly-words: [zorbliest]
            """,
        ])
        let errors = Self.loadErrors([path], overDefault: true)
        #expect(Set(errors.map(\.code)) == [.duplicateRuleID, .duplicateList, .duplicateSection])
        #expect(errors.allSatisfy { $0.file.hasPrefix(path + "/") })
    }

    /// Two paths are two layers (issue 14): the second replaces the first's rule of the same id.
    @Test func twoPathsAreTwoStackedLayers() throws {
        let first = try Self.layer(["a.yaml": "rapport: 1\nrules:\n  - id: praise.zorbly\n    label: praise\n    match: zorbly\n"])
        let second = try Self.layer(["b.yaml": "rapport: 1\nrules:\n  - id: praise.zorbly\n    label: praise\n    match: zorblier\n"])
        let pack = try RulePack.load(paths: [first, second], overDefault: true)
        #expect(pack.rules.filter { $0.id == "praise.zorbly" }.map { $0.match.map(\.source) } == [["zorblier"]])
        #expect(pack.provenance.layers == ["default", first, second])
    }
}
