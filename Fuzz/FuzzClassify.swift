// libFuzzer harness: arbitrary bytes as a comment -> classify with the embedded default pack -> JSON.
// Built by scripts/fuzz.sh; a crash, a trap or a sanitizer report is a finding.
import Rapport
import RapportIO

private let engine: Engine = {
    do throws(RulePackError) { return try Engine(pack: .default) } catch { fatalError("default pack: \(error)") }
}()

/// The same pack with a tiny comment limit, to reach the truncation path with short inputs.
private let short: Engine = {
    do throws(RulePackError) { return try Engine(pack: .default, options: Engine.Options(maxScalars: 48)) } catch { fatalError("\(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClassify(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let comment = Comment(id: "fuzz", text: text, author: "@fuzz", fields: ["author.followers": .number(Double(size))])
    let verdict = engine.classify(comment)
    let scalars = Array(text.unicodeScalars)
    for span in verdict.spans {
        // Spans count Unicode scalars of the original text and must slice it exactly.
        check(0 <= span.start && span.start <= span.end && span.end <= scalars.count, "span out of range")
        var slice = String.UnicodeScalarView()
        slice.append(contentsOf: scalars[span.start..<span.end])
        check(String(slice) == span.text, "span text differs from the original slice")
    }
    // The verdict's JSON must be one line.
    check(!VerdictWriter().json(verdict).utf8.contains(0x0A), "a verdict's JSON holds a raw newline")
    check(engine.classify(comment) == verdict, "classify is not deterministic")
    // Over the limit: flagged, never dropped, spans inside the classified start.
    let cut = short.classify(comment)
    check((cut.truncated == true) == (scalars.count > 48), "truncated is \(String(describing: cut.truncated)) for \(scalars.count) scalars")
    check(cut.id == comment.id, "the truncated verdict lost its id")
    for span in cut.spans { check(span.end <= min(48, scalars.count), "a span past the classified start") }
    if scalars.count <= 48 { check(cut == verdict, "a short comment classifies differently under a larger limit") }
    return 0
}
