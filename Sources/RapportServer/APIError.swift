import Foundation
import HTTPTypes
import Hummingbird

/// A request the service refuses, answered as `{"error": "...", ...}` with its status.
///
/// `limit` names the bound a request went over (`body-bytes`, `records`, `record-bytes`,
/// `concurrency`, `request-seconds`) and `max` its value; a malformed body gives the byte `offset`
/// (from 0), `line` and `column` (from 1) of the problem.
struct APIError: Error, Encodable {
    var status: HTTPResponse.Status
    var error: String
    var limit: String?
    var max: Int?
    var offset: Int?
    var line: Int?
    var column: Int?
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`); not part of the body.
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ error: String) {
        self.status = status
        self.error = error
    }

    /// A request over the limit `name` of `limits`.
    static func over(_ name: ServeLimits.Name, _ limits: ServeLimits, status: HTTPResponse.Status, _ message: String) -> APIError {
        var error = APIError(status, message + " (limit \(name.rawValue)=\(limits[name]); the server's --limit \(name.rawValue)=N)")
        error.limit = name.rawValue
        error.max = limits[name]
        return error
    }

    /// A body that is not well-formed JSON, with the place of the problem.
    static func malformed(_ message: String, offset: Int, in bytes: [UInt8]) -> APIError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        var error = APIError(.badRequest, "malformed JSON at line \(line), column \(offset - lineStart + 1): \(message)")
        error.offset = offset
        error.line = line
        error.column = offset - lineStart + 1
        return error
    }

    enum CodingKeys: String, CodingKey {
        case error, limit, max, offset, line, column
    }

    var response: Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONDocument.encode(self))))
    }
}

/// JSON documents other than verdicts (verdicts go through RapportIO's `JSONLinesEncoder`, as the CLI writes them).
enum JSONDocument {
    /// `value` as JSON with sorted keys and a final line break.
    static func encode(_ value: some Encodable, pretty: Bool = false) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return Array("{\"error\":\"cannot encode the answer\"}\n".utf8) }
        return [UInt8](data) + [0x0A]
    }

    /// A 200 (or `status`) response holding `value` as JSON.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, pretty: Bool = false) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: encode(value, pretty: pretty))))
    }
}
