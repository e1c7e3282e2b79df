import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportIO
import RapportServer
import RapportYAML
import XCTest

/// Checks answers against docs/openapi.yaml, read with the project's own YAML parser: the status must
/// be documented for the route, the media type among the documented ones, and a JSON body must
/// satisfy the schema (the subset of JSON Schema the file uses: `$ref`, `type`, `required`,
/// `properties`, `additionalProperties`, `items`, `enum`, `const`, `oneOf`, `allOf`).
struct OpenAPIDocument {
    let root: Node

    init() throws {
        let text = try String(contentsOf: ServerTest.root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        root = try XCTUnwrap(try YAMLParser.parse(text))
    }

    /// The node at `#/a/b/c`.
    func resolve(_ reference: String) -> Node? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Node? = root
        for part in reference.dropFirst(2).split(separator: "/") { node = node?.mapping?[String(part)] }
        return node
    }

    /// `node`, with a `$ref` followed.
    func followed(_ node: Node) -> Node {
        if let reference = node.mapping?["$ref"]?.scalar?.string, let target = resolve(reference) { return followed(target) }
        return node
    }

    /// The problems of an answer to `method path` with `status`, `contentType` and `body`; empty when it conforms.
    func problems(path: String, method: String, status: Int, contentType: String?, body: [UInt8]) -> [String] {
        let place = "\(method.uppercased()) \(path) \(status)"
        guard let operation = root.mapping?["paths"]?.mapping?[path]?.mapping?[method.lowercased()] else { return ["\(place): route not documented"] }
        guard let response = operation.mapping?["responses"]?.mapping?[String(status)].map(followed) else {
            return ["\(place): status not documented"]
        }
        guard let content = response.mapping?["content"]?.mapping else { return body.isEmpty ? [] : ["\(place): a body, but none is documented"] }
        let mediaType = contentType.map { String($0.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let schema = content[mediaType]?.mapping?["schema"] else {
            return ["\(place): media type '\(mediaType)' not documented (\(content.entries.compactMap { $0.key.scalar?.string }))"]
        }
        guard mediaType == "application/json" else { return check(.string(String(decoding: body, as: UTF8.self)), schema, at: place) }
        do throws(JSONSyntaxError) {
            return check(try JSONParser.parse(body, maxDepth: 512), schema, at: place)
        } catch {
            return ["\(place): the body is not JSON: \(error.message)"]
        }
    }

    /// The problems of `value` against `schema`, each named by its JSON path.
    func check(_ value: JSONValue, _ schemaNode: Node, at path: String) -> [String] {
        let schema = followed(schemaNode)
        guard let rules = schema.mapping else { return [] }
        var problems: [String] = []
        if let type = rules["type"] {
            let names = type.sequence.map { $0.items.compactMap(\.scalar?.string) } ?? [type.scalar?.string ?? ""]
            if !names.contains(where: { Self.has(value, type: $0) }) {
                problems.append("\(path): expected \(names.joined(separator: " or ")), got \(value.kindName)")
            }
        }
        if let options = rules["enum"]?.sequence?.items, !options.contains(where: { Self.equal(value, $0) }) {
            problems.append("\(path): \(value) is not one of \(options.compactMap(\.scalar?.string))")
        }
        if let pattern = rules["pattern"]?.scalar?.string, case .string(let text) = value,
            let regex = try? Regex(pattern), (try? regex.firstMatch(in: text)) == nil
        {
            problems.append("\(path): \"\(text)\" does not match \(pattern)")
        }
        if let constant = rules["const"], !Self.equal(value, constant) { problems.append("\(path): expected \(constant.scalar?.string ?? "?")") }
        if let all = rules["allOf"]?.sequence?.items {
            for part in all { problems += check(value, part, at: path) }
        }
        if let one = rules["oneOf"]?.sequence?.items {
            let outcomes = one.map { check(value, $0, at: path) }
            let matching = outcomes.count { $0.isEmpty }
            if matching != 1 { problems.append("\(path): matches \(matching) of the oneOf schemas, not exactly one") }
            // When none matches, the nearest one's problems say what is wrong.
            if matching == 0, let nearest = outcomes.min(by: { $0.count < $1.count }) { problems += nearest }
        }
        if case .object(let members) = value {
            for name in rules["required"]?.sequence?.items.compactMap(\.scalar?.string) ?? [] where members[name] == nil {
                problems.append("\(path): missing required '\(name)'")
            }
            let properties = rules["properties"]?.mapping
            for (name, member) in members {
                if let property = properties?[name] {
                    problems += check(member, property, at: "\(path).\(name)")
                } else if let additional = rules["additionalProperties"] {
                    if additional.scalar?.value == .bool(false) {
                        problems.append("\(path): unexpected '\(name)'")
                    } else if additional.mapping != nil {
                        problems += check(member, additional, at: "\(path).\(name)")
                    }
                }
            }
        }
        if case .array(let elements) = value, let items = rules["items"] {
            for (index, element) in elements.enumerated() { problems += check(element, items, at: "\(path)[\(index)]") }
        }
        return problems
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("null", .null), ("object", .object), ("array", .array), ("number", .number): true
        case ("integer", .number(let literal)): !literal.contains { $0 == "." || $0 == "e" || $0 == "E" }
        default: false
        }
    }

    static func equal(_ value: JSONValue, _ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        switch (value, scalar.value) {
        case (.string(let text), _): return text == scalar.string
        case (.bool(let flag), .bool(let expected)): return flag == expected
        case (.number(let literal), .int(let expected)): return Int(literal) == expected
        case (.null, .null): return true
        default: return false
        }
    }
}

final class OpenAPITests: XCTestCase {
    /// The validator itself finds what is wrong (so a pass below means something).
    func testTheValidatorRejectsWhatTheSchemaForbids() throws {
        let spec = try OpenAPIDocument()
        let json = "application/json"
        func problems(_ path: String, _ method: String, _ status: Int, _ body: String) -> [String] {
            spec.problems(path: path, method: method, status: status, contentType: json, body: Array(body.utf8))
        }
        XCTAssertEqual(problems("/healthz", "get", 200, #"{"status":"ok"}"#), [])
        XCTAssertEqual(problems("/healthz", "get", 200, #"{"status":"down"}"#).count, 1)
        XCTAssertEqual(problems("/healthz", "get", 418, #"{}"#), ["GET /healthz 418: status not documented"])
        XCTAssertEqual(problems("/v1/nothing", "get", 200, #"{}"#), ["GET /v1/nothing 200: route not documented"])
        let verdict =
            #"{"id":"1","label":"complaint","scores":{"complaint":2},"rules":[],"suggestions":[],"spans":[{"rule":"r","start":0,"end":1.5,"text":"a"}]}"#
        XCTAssertEqual(
            problems("/v1/classify", "post", 200, verdict),
            [
                "POST /v1/classify 200: matches 0 of the oneOf schemas, not exactly one",
                "POST /v1/classify 200.spans[0].end: expected integer, got a number",
            ],
            "end is not an integer, so neither the verdict nor the array matches")
        XCTAssertEqual(problems("/v1/classify", "post", 200, verdict.replacingOccurrences(of: "1.5", with: "1")), [])
        XCTAssertTrue(
            problems("/v1/classify", "post", 200, #"{"id":"1","label":"Not A Label","scores":{},"rules":[],"suggestions":[],"spans":[]}"#)
                .contains { $0.contains("does not match") })
        // A pack's own label (`labels: [outage]`) is a valid verdict label.
        XCTAssertEqual(
            problems("/v1/classify", "post", 200, #"{"id":"1","label":"outage","scores":{},"rules":[],"suggestions":[],"spans":[]}"#), [])
        XCTAssertTrue(
            problems("/v1/pack", "get", 200, #"{"name":"x","version":1,"layers":[],"rules":3,"loaded_at":"t"}"#)
                .contains { $0.contains("missing required 'last_reload_error'") })
        XCTAssertFalse(spec.problems(path: "/metrics", method: "get", status: 200, contentType: "application/json", body: []).isEmpty)
    }

    /// Every route's answers, good and refused, against docs/openapi.yaml.
    func testEveryRouteAnswersAsDocumented() async throws {
        let spec = try OpenAPIDocument()
        let configuration = ServerTest.configuration {
            $0.playground = true
            $0.limits.records = 5
        }
        try await ServerTest.withServer(configuration) { _, client in
            let layer = TrialTests.layer
            let broken = layer.replacingOccurrences(of: "<drain>", with: "<drains>")
            let tryBody = String(buffer: try TrialTests.tryBody(layer: layer, comments: ["your app is a battery hog", "thanks!"], explain: 0))
            let tryBroken = String(buffer: try TrialTests.tryBody(layer: broken, comments: ["a"]))
            let requests: [(String, HTTPRequest.Method, String, HTTPFields, Int)] = [
                ("/healthz", .get, "", [:], 200),
                ("/v1/pack", .get, "", [:], 200),
                ("/metrics", .get, "", [:], 200),
                ("/", .get, "", [:], 200),
                ("/v1/classify", .post, #"{"id": "a", "text": "where is my order?? it never arrived and I am cancelling"}"#, [:], 200),
                ("/v1/classify", .post, "[{\"text\": \"thanks!\"}, {\"id\": 3}, 5]", [.accept: "application/json"], 200),
                ("/v1/classify", .post, "{\"text\": ", [:], 400),
                ("/v1/classify", .post, "[1,2,3,4,5,6]", [:], 413),
                ("/v1/explain", .post, #"{"text": "where is my order", "why_not": ["praise.love"]}"#, [:], 200),
                ("/v1/explain", .post, #"{"text": "x", "why_not": ["nope"]}"#, [:], 400),
                ("/v1/lint?over_default=true", .post, broken, [:], 200),
                ("/v1/lint", .post, layer, [:], 200),
                ("/v1/test?over_default=true", .post, layer, [:], 200),
                ("/v1/test", .post, broken, [:], 422),
                ("/v1/try", .post, tryBody, [:], 200),
                ("/v1/try", .post, tryBroken, [:], 200),
                ("/v1/try", .post, #"{"comments": [1]}"#, [:], 400),
                ("/v1/reload", .post, "", [:], 200),
            ]
            for (uri, method, body, headers, expected) in requests {
                let response = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body))
                XCTAssertEqual(Int(response.status.code), expected, "\(method) \(uri): \(ServerTest.text(response))")
                let path = String(uri.prefix { $0 != "?" })
                let problems = spec.problems(
                    path: path, method: method.rawValue, status: Int(response.status.code),
                    contentType: response.headers[.contentType], body: Array(response.body.readableBytesView))
                XCTAssertEqual(problems, [], "\(method) \(uri)")
            }
        }
        try await ServerTest.withServer(ServerTest.configuration { $0.token = "t" }) { _, client in
            for (uri, method) in [("/v1/classify", HTTPRequest.Method.post), ("/v1/try", .post), ("/v1/test", .post), ("/v1/pack", .get)] {
                let response = try await client.execute(uri: uri, method: method)
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertEqual(
                    spec.problems(
                        path: uri, method: method.rawValue, status: 401, contentType: response.headers[.contentType],
                        body: Array(response.body.readableBytesView)), [])
            }
        }
    }
}
