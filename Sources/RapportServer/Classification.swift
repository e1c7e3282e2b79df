import Dispatch
import HTTPTypes
import Hummingbird
import Rapport
import RapportIO
import RapportSupport

/// `POST /v1/classify`: the CLI's readers, engine and verdict writer over a request body.
///
/// - A JSON object is one comment: the answer is its verdict, the bytes `classify` writes for it.
/// - A JSON array, or a body sent as `application/x-ndjson` (one record per line), is a batch: the
///   answer is one verdict or error record per record, in order, as `classify` writes them (JSON
///   Lines, or a JSON array with `Accept: application/json`), streamed batch by batch as the
///   records are classified, at most ``streamedBytes`` ahead of the connection (``BoundedChunks``).
struct Classification: Sendable {
    let store: PackStore
    let metrics: ServerMetrics
    let configuration: ServeConfiguration

    /// The decoder of one-comment bodies (``ServeConfiguration/commentDecoder()``), made once: building
    /// its field plan costs more than classifying a comment.
    let commentDecoder: RecordDecoder

    private var limits: ServeLimits { configuration.limits }

    func handle(_ request: Request) async throws -> Response {
        let body = try await Self.collect(request, limits: limits)
        let mediaType = request.headers[.contentType].map(Self.mediaType) ?? ""
        let isLines = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"].contains(mediaType)
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if isLines { return try batch(body, format: .jsonl, request: request) }
        switch first {
        case UInt8(ascii: "{"):
            // An object holding an array of records (`{"data": [...]}`, `{"items": [...]}`) is a batch,
            // as `classify` reads it; any other object is one comment.
            if body.contains(UInt8(ascii: "[")), InputFormat.sniff(firstLine: body, textColumns: [], complete: true) == .json {
                return try batch(body, format: .json, request: request)
            }
            return try single(body)
        case UInt8(ascii: "["): return try batch(body, format: .json, request: request)
        case nil: throw APIError(.badRequest, "the body is empty: send a JSON object (one comment), a JSON array, or application/x-ndjson")
        default:
            if let offset = Self.syntaxErrorOffset(body, maxDepth: configuration.jsonDepth) {
                throw APIError.malformed(offset.message, offset: offset.offset, in: body)
            }
            throw APIError(.badRequest, "expected a JSON object (one comment), a JSON array, or an application/x-ndjson body")
        }
    }

    /// One comment: its verdict, or a 400 naming what is wrong with it.
    func single(_ body: [UInt8]) throws -> Response {
        if body.count > limits.recordBytes {
            throw APIError.over(.recordBytes, limits, status: .contentTooLarge, "the comment record is \(body.count) bytes")
        }
        let engine = store.current.engine
        switch commentDecoder.decode(RawRecord(bytes: body, line: 1, index: 1)) {
        case .success(let decoded):
            let verdict = engine.classify(decoded.comment)
            var writer = ByteWriter(capacity: 768)
            JSONLinesEncoder().encode(.verdict(verdict, comment: decoded.comment, kept: decoded.kept), into: &writer)
            metrics.classified(labels: [verdict.label.rawValue: 1], escalationRoutes: verdict.escalation.map { [$0.route: 1] } ?? [:], errors: 0)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: writer.bytes)))
        case .failure(let error):
            if let syntax = Self.syntaxErrorOffset(body, maxDepth: configuration.jsonDepth) {
                throw APIError.malformed(syntax.message, offset: syntax.offset, in: body)
            }
            metrics.classified(labels: [:], escalationRoutes: [:], errors: 1)
            var answer = APIError(.badRequest, error.message)
            answer.line = error.line
            throw answer
        }
    }

    /// A batch: records counted and checked first (413 over `records`),
    /// then classified by the CLI's pipeline on other threads while the answer streams out.
    func batch(_ body: [UInt8], format: InputFormat, request: Request) throws -> Response {
        let count: Int
        switch format {
        case .json:
            // A well-formed array is counted; a malformed one is answered as `classify` answers it
            // (the records before the break, then an error record), bounded by body-bytes.
            count = (try? JSONParser.parse(body, maxDepth: configuration.jsonDepth + 2)).map(Self.recordCount) ?? 0
        default:
            count = Self.nonBlankLines(body)
        }
        if count > limits.records {
            throw APIError.over(.records, limits, status: .contentTooLarge, "the body holds \(count) records")
        }
        let asArray = (request.headers[.accept].map(Self.mediaType) ?? "") == "application/json"
        let encoder: any OutputEncoder = asArray ? JSONArrayEncoder() : JSONLinesEncoder()
        let options = InputOptions(format: format, maxRecordBytes: limits.recordBytes, maxDepth: configuration.jsonDepth, maxFields: configuration.fields)
        let engine = store.current.engine
        let metrics = self.metrics
        let chunks = BoundedChunks(limit: Self.streamedBytes)
        DispatchQueue.global().async {
            defer { chunks.finish() }
            do {
                let input = try InputSource.open(bytes: body, name: "<request>", options: options)
                let sink = OutputSink.consumer { bytes throws(OutputError) in
                    guard chunks.send(bytes) else { throw OutputError("the client closed the connection") }
                }
                let pipeline = ClassifyPipeline(engine: engine, encoder: encoder, options: .init(workers: System.coreCount))
                let summary = try pipeline.run(inputs: [input], sink: sink)
                metrics.classified(
                    labels: Dictionary(uniqueKeysWithValues: summary.labels.map { ($0.key.rawValue, $0.value) }),
                    escalationRoutes: summary.escalationRoutes, errors: summary.errors)
            } catch {
                // Bytes in memory cannot fail to read, and a JSON array was checked whole before: a
                // reader refusing the input anyway ends the stream with what it said (a client gone
                // away reads nothing more).
                let message = JSONDocument.encode(["error": "\(error)"])
                message.withUnsafeBytes { _ = chunks.send($0) }
            }
        }
        return Response(status: .ok, headers: [.contentType: asArray ? "application/json" : "application/x-ndjson"], body: chunks.body)
    }

    /// How far the streamed answer of a batch may run ahead of the connection, in bytes.
    static let streamedBytes = 1 << 20

    /// The records of a JSON array, or of the array a wrapper object holds (`data`, `items`, ...).
    static func recordCount(_ value: JSONValue) -> Int {
        switch value {
        case .array(let elements): return elements.count
        case .object(let members):
            return members.values.reduce(0) { count, member in
                if case .array(let elements) = member { return max(count, elements.count) }
                return count
            }
        default: return 0
        }
    }

    /// The body, at most `body-bytes` long (413 past that, 408 when it takes longer than `request-seconds`).
    static func collect(_ request: Request, limits: ServeLimits) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limits.bodyBytes {
            throw APIError.over(.bodyBytes, limits, status: .contentTooLarge, "the body is \(length) bytes")
        }
        do {
            let expected = request.headers[.contentLength].flatMap { Int($0) }
            guard let bytes = try await BodyDeadlines.shared.collect(request.body, upTo: limits.bodyBytes, expecting: expected, within: limits.requestSeconds)
            else {
                var error = APIError.over(.requestSeconds, limits, status: .requestTimeout, "the body did not arrive in time")
                error.headers[.connection] = "close"
                throw error
            }
            return bytes
        } catch is BodyDeadlines.TooLong {
            throw APIError.over(.bodyBytes, limits, status: .contentTooLarge, "the body is longer than that")
        }
    }

    /// `application/json; charset=utf-8` → `application/json`.
    static func mediaType(_ header: String) -> String {
        String(header.prefix { $0 != ";" }).trimmingSpaces.lowercased()
    }

    /// Lines holding something other than white space (the records of a JSON Lines body).
    static func nonBlankLines(_ body: [UInt8]) -> Int {
        var count = 0
        var blank = true
        for byte in body {
            if byte == 0x0A {
                if !blank { count += 1 }
                blank = true
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                blank = false
            }
        }
        return blank ? count : count + 1
    }

    /// Where `body` stops being JSON, if it does.
    static func syntaxErrorOffset(_ body: [UInt8], maxDepth: Int) -> JSONSyntaxError? {
        do throws(JSONSyntaxError) {
            _ = try JSONParser.parse(body, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }
}
