// A fixed amount of work for instruction counting (valgrind --tool=callgrind) or timing:
//
//   rapport-profile PACK COUNT [classify | bare | label | tokenize]
//
// PACK is `default` or `generated N` (N rules); COUNT comments from the team-written samples are
// classified in one workspace after the pack is loaded and compiled: `classify` renders the whole
// verdict, `bare` the verdict without spans and replies (`parts: []`), `label` runs the stages up to the
// decision only (`Engine.label(of:in:)`, no verdict is built), `tokenize` only tokenizes. Prints the
// seconds spent
// loading and classifying. Run it with COUNT 0 and COUNT n: the difference of the two instruction
// counts divided by n is the cost of one comment, free of the machine's noise.
import BenchmarkSupport
import Foundation
import Rapport

var arguments = Array(CommandLine.arguments.dropFirst())
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: rapport-profile (default | generated N) COUNT [classify | bare | label | tokenize]\n".utf8))
    exit(64)
}
guard let packName = arguments.first else { usage() }
arguments.removeFirst()
var ruleCount = 0
if packName == "generated" {
    guard let first = arguments.first, let n = Int(first) else { usage() }
    ruleCount = n
    arguments.removeFirst()
} else if packName != "default" {
    usage()
}
guard let countText = arguments.first, let count = Int(countText), count >= 0 else { usage() }
let mode = arguments.dropFirst().first ?? "classify"
guard ["classify", "bare", "label", "tokenize"].contains(mode) else { usage() }

let samples = SampleComments.all
let comments = (0..<count).map { samples[$0 % samples.count] }
let clock = ContinuousClock()
let loadStart = clock.now
let engine: Engine
if ruleCount > 0 {
    let pack = try RulePack.load(files: [(name: "generated.yaml", text: GeneratedPack.yaml(ruleCount: ruleCount))])
    engine = try Engine(pack: pack)
} else {
    engine = try Engine(pack: .default)
}
let loaded = clock.now - loadStart
var checksum = 0
var workspace = Engine.Workspace()
let runStart = clock.now
for comment in comments {
    switch mode {
    case "tokenize": checksum &+= Tokenizer.tokenize(comment.text).count
    case "label": checksum &+= engine.label(of: comment, in: &workspace) == .other ? 0 : 1
    case "bare": checksum &+= engine.classify(comment, in: &workspace, parts: []).rules.count
    default: checksum &+= engine.classify(comment, in: &workspace).rules.count
    }
}
let ran = clock.now - runStart
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
let perComment = count > 0 ? seconds(ran) / Double(count) * 1e6 : 0
print("pack: \(ruleCount > 0 ? "generated \(ruleCount) rules" : "default"); load+compile \(String(format: "%.3f", seconds(loaded))) s; "
      + "\(count) comments in \(String(format: "%.3f", seconds(ran))) s (\(String(format: "%.2f", perComment)) µs each); checksum \(checksum)")
