// libFuzzer harness: arbitrary bytes as a rule file -> load, compile, run the pack's own examples.
// Built by scripts/fuzz.sh; a crash, a trap or a sanitizer report is a finding.
@testable import Rapport
import RapportIO

/// A few comments every compiled pack classifies, to reach the matcher built from fuzzed patterns.
private let probes = [
    Comment(
        id: "1", text: "Where is my parcel?? I want a refund now 😡 @brand", author: "@ana",
        fields: ["author.followers": .number(20_000)]),
    Comment(id: "2", text: "not happy, still waiting... lawyer! https://x.co #fail", author: nil),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPack(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = RuleFile(name: "fuzz.yaml", text: String(decoding: bytes, as: UTF8.self), bytes: bytes)
    let pack: RulePack
    do throws(RulePackError) {
        pack = try RulePack.load(files: [file], extraDiagnostics: [])
    } catch {
        // Rendering the diagnostics walks the excerpts and carets: it must not trap either.
        _ = DiagnosticRenderer.render(error.diagnostics, sources: ["fuzz.yaml": file.text])
        _ = DiagnosticRenderer.json(error.diagnostics)
        return 0
    }
    guard let engine = try? Engine(pack: pack) else { return 0 }
    for probe in probes { _ = VerdictWriter().json(engine.classify(probe)) }
    _ = ExampleRunner.run(engine)
    return 0
}
