import HTTPTypes
import Hummingbird
import Rapport
import RapportIO
import RapportSupport

/// The routes besides `/v1/classify` and those of ``Trial``: pack, explain, reload and metrics.
struct Routes: Sendable {
    let store: PackStore
    let metrics: ServerMetrics
    let configuration: ServeConfiguration
    /// The decoder of one-comment bodies (``ServeConfiguration/commentDecoder()``), made once.
    let commentDecoder: RecordDecoder

    /// `GET /v1/pack`.
    struct PackInfo: Encodable {
        struct Failure: Encodable {
            var at: String
            var message: String
            var diagnostics: [Diagnostic]
        }
        var name: String
        var version: Int
        var layers: [String]
        var rules: Int
        var loadedAt: String
        var lastReloadError: Failure?

        enum CodingKeys: String, CodingKey {
            case name, version, layers, rules
            case loadedAt = "loaded_at"
            case lastReloadError = "last_reload_error"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(version, forKey: .version)
            try container.encode(layers, forKey: .layers)
            try container.encode(rules, forKey: .rules)
            try container.encode(loadedAt, forKey: .loadedAt)
            // Always present: null when the last reload (if any) succeeded.
            try container.encode(lastReloadError, forKey: .lastReloadError)
        }
    }

    func packInfo() -> PackInfo {
        let pack = store.current
        return PackInfo(
            name: pack.name, version: pack.version, layers: pack.layers, rules: pack.engine.pack.rules.count,
            loadedAt: pack.loadedAt,
            lastReloadError: store.lastFailure.map { PackInfo.Failure(at: $0.at, message: $0.message, diagnostics: $0.diagnostics) })
    }

    /// `POST /v1/reload`: 200 with the new pack, or 422 with the diagnostics (the previous pack stays).
    func reload() async -> Response {
        let result = await store.reload()
        switch result {
        case .success:
            metrics.reloaded(succeeded: true)
            return JSONDocument.response(packInfo())
        case .failure:
            metrics.reloaded(succeeded: false)
            return JSONDocument.response(packInfo(), status: .unprocessableContent)
        }
    }

    /// The `explain --format json` document (same keys as the CLI's).
    struct ExplainJSON: Encodable {
        var explanation: Explanation
        var whyNot: [WhyNot]
    }

    /// `POST /v1/explain`: a comment object (as for classify) with an optional `why_not` array of rule ids.
    func explain(_ request: Request) async throws -> Response {
        let body = try await Classification.collect(request, limits: configuration.limits)
        if body.count > configuration.limits.recordBytes {
            throw APIError.over(.recordBytes, configuration.limits, status: .contentTooLarge, "the comment record is \(body.count) bytes")
        }
        let value: JSONValue
        do throws(JSONSyntaxError) {
            value = try JSONParser.parse(body, maxDepth: configuration.jsonDepth)
        } catch {
            throw APIError.malformed(error.message, offset: error.offset, in: body)
        }
        guard case .object(let members) = value else { throw APIError(.badRequest, "expected a JSON object: {\"text\": ..., \"why_not\": [rule ids]}") }
        var whyNot: [String] = []
        switch members["why_not"] {
        case nil, .null?: break
        case .array(let ids)?:
            for id in ids {
                guard case .string(let text) = id else { throw APIError(.badRequest, "why_not must be an array of rule ids (strings)") }
                whyNot.append(text)
            }
        default: throw APIError(.badRequest, "why_not must be an array of rule ids (strings)")
        }
        let comment: Comment
        switch commentDecoder.decode(RawRecord(bytes: body, line: 1, index: 1)) {
        case .success(let decoded): comment = decoded.comment
        case .failure(let error): throw APIError(.badRequest, error.message)
        }
        let engine = store.current.engine
        var reports: [WhyNot] = []
        for id in whyNot {
            guard let report = engine.whyNot(ruleID: id, comment: comment) else {
                let hint = DidYouMean.closest(to: id, in: engine.pack.rules.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                throw APIError(.badRequest, "no rule '\(id)' in the pack" + hint)
            }
            reports.append(report)
        }
        return JSONDocument.response(ExplainJSON(explanation: engine.explain(comment), whyNot: reports), pretty: true)
    }

    /// `GET /metrics`.
    func metricsResponse() -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }
}
