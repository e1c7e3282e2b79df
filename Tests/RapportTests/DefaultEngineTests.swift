import Foundation
import Rapport
import Testing

/// The embedded default pack, as the library exposes it.
@Suite struct DefaultEngineTests {
    @Test func defaultEngineIsCompiledFromTheEmbeddedPack() {
        #expect(Engine.default.pack.rules.map(\.id) == RulePack.default.rules.map(\.id))
        #expect(RulePack.default.rules.count > 20)
        #expect(RulePack.default.warnings.isEmpty)
    }

    @Test func defaultEngineIsSharedAcrossTasks() async {
        let texts = ["my parcel arrived broken and nobody answers, worst service ever", "thank you so much, you are amazing", "how do I reset my password?"]
        let serial = texts.map { Engine.default.classify(Comment(id: $0, text: $0)) }
        let parallel = await withTaskGroup(of: (Int, Verdict).self) { group in
            for (i, text) in texts.enumerated() {
                group.addTask { (i, Engine.default.classify(Comment(id: text, text: text))) }
            }
            var result = [Verdict?](repeating: nil, count: texts.count)
            for await (i, verdict) in group { result[i] = verdict }
            return result.compactMap { $0 }
        }
        #expect(serial == parallel)
        #expect(serial.map(\.label) == [.complaint, .praise, .question])
    }

    /// The follow-up rules (`rules/follow-ups.yaml`, labelled `other`) answer a customer sending what was
    /// asked for. None of the sentences the team wrote to look like one without being one (a sale that
    /// "ends in 2 days", "customer number one fan", "emailed my mum") gets a follow-up reply; and a real
    /// follow-up does.
    @Test func followUpRepliesGoToFollowUpsOnly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lines = try String(contentsOf: root.appending(path: "fixtures/follow-ups/near-misses.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.count >= 40)
        let followUps = Set(RulePack.default.rules.filter { $0.label == .other }.map(\.id))
        #expect(followUps.count >= 6)
        for line in lines {
            let verdict = Engine.default.classify(Comment(id: "1", text: line))
            let answered = verdict.label == .other && !verdict.suggestions.isEmpty && verdict.rules.contains(where: followUps.contains)
            #expect(!answered, "\(line)")
        }
        for line in ["@AeroNordic DM sent", "@ParcelPilot booking ref QX7P2L", "@Tunewave iPhone 13, iOS 17.2", "@NorthRail it's working again now"] {
            let verdict = Engine.default.classify(Comment(id: "2", text: line))
            #expect(verdict.label == .other && !verdict.suggestions.isEmpty && verdict.rules.contains(where: followUps.contains), "\(line)")
        }
    }
}
