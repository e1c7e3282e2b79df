import Testing
@testable import Rapport

@Suite struct ConcurrencyTests {
    /// Deterministic comments built from the rich pack's vocabulary (a linear congruential generator).
    static func comments(_ count: Int) -> [Rapport.Comment] {
        var state: UInt64 = 0x1234_5678
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { index in
            let words = (0..<(1 + next(15))).map { _ in vocabulary[next(vocabulary.count)] }
            return Comment(
                id: "\(index)", text: words.joined(separator: " "), author: "@user\(next(50))",
                fields: ["author.followers": .number(Double(next(30_000)))])
        }
    }

    @Test func sharedEngineGivesTheSameVerdictsFromManyTasks() async throws {
        let engine = try richEngine()
        let comments = Self.comments(4_000)
        let sequential = comments.map(engine.classify)
        #expect(Set(sequential.map(\.label)).count == 4)
        let concurrent = await withTaskGroup(of: [(Int, Verdict)].self) { group in
            let tasks = 16
            for task in 0..<tasks {
                group.addTask {
                    stride(from: task, to: comments.count, by: tasks).map { ($0, engine.classify(comments[$0])) }
                }
            }
            var results = [Verdict?](repeating: nil, count: comments.count)
            for await batch in group { for (index, verdict) in batch { results[index] = verdict } }
            return results
        }
        #expect(concurrent.count == sequential.count)
        for (index, verdict) in sequential.enumerated() where concurrent[index] != verdict {
            Issue.record("comment \(index) differs")
        }
    }
}
