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
}
