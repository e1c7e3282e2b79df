import Benchmark
import BenchmarkSupport
import Rapport

/// Throughput, latency percentiles and allocations of each stage. One iteration is 1,000 comments, so
/// wall-clock times are per 1,000 comments (µs per 1k = ns per comment) and throughput is in thousands
/// of comments per second.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .one,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )
    let comments = SampleComments.all
    func corpus(_ count: Int) -> [Comment] { (0..<count).map { comments[$0 % comments.count] } }
    let thousand = corpus(1_000)

    Benchmark("Tokenizer.tokenize (1k comments)") { benchmark in
        for _ in benchmark.scaledIterations {
            for comment in thousand { blackHole(Tokenizer.tokenize(comment.text)) }
        }
    }

    // Each benchmark keeps one workspace, as each pipeline worker does.
    let defaultEngine = try! Engine(pack: .default)
    Benchmark("Engine.classify default pack (1k comments)") { benchmark in
        var workspace = Engine.Workspace()
        for _ in benchmark.scaledIterations {
            for comment in thousand { blackHole(defaultEngine.classify(comment, in: &workspace)) }
        }
    }

    // The verdict without spans or replies (what a label-only output needs).
    Benchmark("Engine.classify default pack, parts: [] (1k comments)") { benchmark in
        var workspace = Engine.Workspace()
        for _ in benchmark.scaledIterations {
            for comment in thousand { blackHole(defaultEngine.classify(comment, in: &workspace, parts: [])) }
        }
    }

    // The matcher and the decision alone (no verdict: spans, replies and rule ids are not built).
    Benchmark("Engine.label default pack, matcher + decision (1k comments)") { benchmark in
        var workspace = Engine.Workspace()
        for _ in benchmark.scaledIterations {
            for comment in thousand { blackHole(defaultEngine.label(of: comment, in: &workspace)) }
        }
    }

    for size in [100, 1_000, 10_000] {
        let pack = try! RulePack.load(files: [(name: "generated.yaml", text: GeneratedPack.yaml(ruleCount: size))])
        let engine = try! Engine(pack: pack)
        Benchmark("Engine.classify generated \(size) rules (1k comments)") { benchmark in
            var workspace = Engine.Workspace()
            for _ in benchmark.scaledIterations {
                for comment in thousand { blackHole(engine.classify(comment, in: &workspace)) }
            }
        }
    }

    let bigPack = GeneratedPack.yaml(ruleCount: 10_000)
    Benchmark("RulePack.load + Engine.init, 10,000 rules", configuration: .init(scalingFactor: .one, maxDuration: .seconds(5))) { benchmark in
        for _ in benchmark.scaledIterations {
            let pack = try! RulePack.load(files: [(name: "generated.yaml", text: bigPack)])
            blackHole(try! Engine(pack: pack))
        }
    }

    let praise = corpus(1_000).map { Comment(id: $0.id, text: "Thank you so much, this made my day! " + $0.text, author: "@ana") }
    Benchmark("Engine.classify with replies rendered (1k praise comments)") { benchmark in
        var workspace = Engine.Workspace()
        for _ in benchmark.scaledIterations {
            for comment in praise { blackHole(defaultEngine.classify(comment, in: &workspace).suggestions) }
        }
    }
}
