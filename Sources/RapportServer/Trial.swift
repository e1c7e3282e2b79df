import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import Rapport
import RapportIO
import Synchronization

/// Routes that load a rule file sent in the request into a temporary engine, used for that request
/// only (the service's own pack never changes): `POST /v1/lint`, `POST /v1/test` and `POST /v1/try`
/// (the playground's).
struct Trial: Sendable {
    let metrics: ServerMetrics
    let configuration: ServeConfiguration
    /// The embedded default pack, compiled once on first use: what `/v1/try` classifies with when the
    /// layer it was sent has errors.
    let defaultEngine: DefaultEngine

    /// A sent file loaded and compiled as `rapport lint` does, with the diagnostics that are the file's own.
    struct Loaded {
        /// The engine, when the file has no errors.
        var engine: Engine?
        /// The file's diagnostics, errors and warnings, sorted (those of the default pack are not the author's to fix).
        var diagnostics: [Diagnostic]
        /// Every diagnostic, the default pack's included (what the 422 of `/v1/test` shows).
        var all: [Diagnostic]
        var errors: Int { diagnostics.count { $0.severity == .error } }
    }

    /// Loads `text` as the file `name` (over the default pack when `overDefault`) and compiles it, off
    /// the request's task: the load and compile are the same as `Engine.load(paths:overDefault:)`'s.
    func load(_ text: String, name: String, overDefault: Bool) async -> Loaded {
        let limits = configuration.packLimits
        let options = configuration.engineOptions
        return await Self.offload {
            var warnings: [Diagnostic] = []
            do throws(RulePackError) {
                let pack = try RulePack.load(files: [(name: name, text: text)], overDefault: overDefault, limits: limits)
                warnings = pack.warnings
                let engine = try Engine(pack: pack, options: options)
                let all = engine.diagnostics
                return Loaded(engine: engine, diagnostics: all.filter { $0.file == name }, all: all)
            } catch {
                let all = (warnings + error.diagnostics).sorted()
                return Loaded(engine: nil, diagnostics: all.filter { $0.file == name }, all: all)
            }
        }
    }

    /// Runs CPU-bound work on a dispatch thread, so that the service's event loops and tasks keep answering.
    static func offload<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    /// The YAML body of a lint or test request, and the name and layering the query asks for.
    private func layerRequest(_ request: Request) async throws -> (text: String, name: String, overDefault: Bool) {
        let body = try await Classification.collect(request, limits: configuration.limits)
        let query = request.uri.queryParameters
        let overDefault = query["over_default"].map { $0 == "true" || $0 == "1" } ?? false
        let name = query["name"].map(String.init) ?? "layer.yaml"
        return (String(decoding: body, as: UTF8.self), name, overDefault)
    }

    /// `POST /v1/lint`: a rule file's YAML as the body → the `lint --format json` array of the file's
    /// diagnostics, loaded and compiled as `rapport lint` does. Query: `over_default=true` checks it as
    /// a layer over the default pack; `name` names it in diagnostics.
    func lint(_ request: Request) async throws -> Response {
        let (text, name, overDefault) = try await layerRequest(request)
        let loaded = await load(text, name: name, overDefault: overDefault)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: DiagnosticRenderer.json(loaded.diagnostics) + "\n")))
    }

    /// The `rapport test --format json` document.
    struct TestReport: Encodable {
        struct Failure: Encodable {
            var file: String, line: Int, column: Int, kind: String, rule: String?, text: String, message: String
        }
        var passed: Int
        var failed: Int
        var failures: [Failure]

        init(_ report: ExampleReport) {
            passed = report.passed
            failed = report.failed
            failures = report.failures.map {
                Failure(
                    file: $0.file, line: $0.line, column: $0.column, kind: $0.kind.rawValue, rule: $0.rule, text: $0.text,
                    message: $0.failure ?? "failed")
            }
        }
    }

    /// `POST /v1/test`: a rule file's YAML as the body → the `rapport test --format json` document of
    /// its examples and cases (with `over_default=true`, those of the default pack with the file layered
    /// over it). A file with errors is answered 422 with its diagnostics; nothing is loaded into the service.
    func test(_ request: Request) async throws -> Response {
        let (text, name, overDefault) = try await layerRequest(request)
        let loaded = await load(text, name: name, overDefault: overDefault)
        guard let engine = loaded.engine else {
            let errors = loaded.all.count { $0.severity == .error }
            let json =
                "{\"error\": \"the rule pack has \(errors) error\(errors == 1 ? "" : "s"); no example ran\", \"diagnostics\": "
                + DiagnosticRenderer.json(loaded.all) + "}\n"
            return Response(
                status: .unprocessableContent, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
        }
        let report = await Self.offload { ExampleRunner.run(engine) }
        return JSONDocument.response(TestReport(report), pretty: true)
    }

    /// `POST /v1/try` (the playground's): `{"layer": YAML, "comments": [text...], "explain": index?}` →
    /// the layer's diagnostics, and a verdict per comment classified by the default pack with the layer
    /// over it (by the default pack alone, `"used": "default"`, while the layer has errors), and the
    /// `explain` document of the comment at `explain` (from 0).
    func tryLayer(_ request: Request) async throws -> Response {
        let body = try await Classification.collect(request, limits: configuration.limits)
        let value: JSONValue
        do throws(JSONSyntaxError) {
            value = try JSONParser.parse(body, maxDepth: configuration.jsonDepth)
        } catch {
            throw APIError.malformed(error.message, offset: error.offset, in: body)
        }
        let usage = "expected {\"layer\": \"YAML text\", \"comments\": [\"text\", ...], \"explain\": index (optional)}"
        guard case .object(let members) = value else { throw APIError(.badRequest, usage) }
        var layer = ""
        switch members["layer"] {
        case nil, .null?: break
        case .string(let text)?: layer = text
        default: throw APIError(.badRequest, "layer must be a string of YAML; " + usage)
        }
        var comments: [String] = []
        switch members["comments"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .string(let text) = item else { throw APIError(.badRequest, "comments must be strings; " + usage) }
                comments.append(text)
            }
        default: throw APIError(.badRequest, "comments must be an array of strings; " + usage)
        }
        if comments.count > configuration.limits.records {
            throw APIError.over(.records, configuration.limits, status: .contentTooLarge, "the body holds \(comments.count) comments")
        }
        var explainIndex: Int?
        switch members["explain"] {
        case nil, .null?: break
        case .number(let literal)?:
            guard let index = Int(literal), comments.indices.contains(index) else {
                throw APIError(.badRequest, "explain must be the index (from 0) of one of the \(comments.count) comments")
            }
            explainIndex = index
        default: throw APIError(.badRequest, "explain must be a number; " + usage)
        }

        let name = "layer.yaml"
        let hasRules = layer.contains { !$0.isWhitespace }
        let loaded = hasRules ? await load(layer, name: name, overDefault: true) : Loaded(engine: nil, diagnostics: [], all: [])
        let usedLayer = loaded.engine != nil
        let engine = usedLayer ? loaded.engine! : await defaultEngine.engine(options: configuration.engineOptions)
        let limits = configuration.limits
        let (texts, explained) = (comments, explainIndex)
        let document = await Self.offload {
            var out =
                "{\"ok\": \(loaded.errors == 0), \"used\": \"\(usedLayer ? "layer" : "default")\", \"errors\": \(loaded.errors), "
                + "\"warnings\": \(loaded.diagnostics.count - loaded.errors), \"diagnostics\": " + DiagnosticRenderer.json(loaded.diagnostics)
                + ", \"verdicts\": ["
            let encoder = JSONLinesEncoder()
            for (index, text) in texts.enumerated() {
                // A comment past record-bytes is refused as the CLI's readers refuse such a record.
                guard text.utf8.count <= limits.recordBytes else {
                    out += (index > 0 ? ",\n" : "") + "{\"line\":\(index + 1),\"error\":\"the comment is longer than record-bytes=\(limits.recordBytes)\"}"
                    continue
                }
                let comment = Comment(id: String(index + 1), text: text)
                var line = ByteWriter(capacity: 512)
                encoder.encode(.verdict(engine.classify(comment), comment: comment, kept: []), into: &line)
                out += (index > 0 ? ",\n" : "") + String(decoding: line.bytes.dropLast(), as: UTF8.self)
            }
            out += "]"
            if let explained {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let explanation = engine.explain(Comment(id: String(explained + 1), text: texts[explained]))
                out += ", \"explanation\": " + ((try? encoder.encode(explanation)).map { String(decoding: $0, as: UTF8.self) } ?? "null")
            }
            return out + "}\n"
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: document)))
    }
}

/// The embedded default pack compiled once, when first asked for.
final class DefaultEngine: Sendable {
    private let cached = Mutex<Engine?>(nil)

    func engine(options: Engine.Options) async -> Engine {
        if let engine = cached.withLock({ $0 }) { return engine }
        let made = await Trial.offload {
            // The embedded pack loads (a test of the build checks it), so compiling it cannot fail.
            (try? Engine(pack: RulePack.default, options: options)) ?? { fatalError("the embedded rule pack does not compile") }()
        }
        cached.withLock { $0 = made }
        return made
    }
}
