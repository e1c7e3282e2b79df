import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportServer
import XCTest

/// `/v1/try` (the playground's), `/v1/test` and the playground page: a layer sent in a request is used
/// for that request only, its problems come back at their lines, and the service's pack never changes.
final class TrialTests: XCTestCase {
    static let layer = """
        rapport: 1
        lists:
          drain: [drain, drains, eats]
        rules:
          - id: complaint.battery
            label: complaint
            weight: 2
            match: ["battery [hog|killer]", "<drain> {0,3} battery"]
            examples:
              fire: ["this app is a battery hog"]
              quiet: ["battery life is great"]
        """

    static func tryBody(layer: String, comments: [String], explain: Int? = nil) throws -> ByteBuffer {
        var body: [String: Any] = ["layer": layer, "comments": comments]
        if let explain { body["explain"] = explain }
        return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
    }

    func testTryClassifiesWithTheLayerForThatRequestOnly() async throws {
        try await ServerTest.withServer { _, client in
            let comments = ["my phone is fine but your app is a battery hog", "love the new design", ""]
            let answer = try ServerTest.object(
                try await client.execute(
                    uri: "/v1/try", method: .post,
                    body: try Self.tryBody(layer: Self.layer, comments: comments, explain: 0)))
            XCTAssertEqual(answer["ok"] as? Bool, true)
            XCTAssertEqual(answer["used"] as? String, "layer")
            XCTAssertEqual((answer["diagnostics"] as? [Any])?.count, 0)
            let verdicts = try XCTUnwrap(answer["verdicts"] as? [[String: Any]])
            XCTAssertEqual(verdicts.count, 3)
            XCTAssertEqual(verdicts[0]["label"] as? String, "complaint")
            // The layer's rule fired (the default pack's weight-0 cue for "but" may fire beside it).
            XCTAssertEqual((verdicts[0]["rules"] as? [String])?.contains("complaint.battery"), true)
            let span = try XCTUnwrap(
                (verdicts[0]["spans"] as? [[String: Any]])?.first { $0["rule"] as? String == "complaint.battery" })
            XCTAssertEqual(span["text"] as? String, "battery hog")
            XCTAssertEqual(span["start"] as? Int, 35)
            XCTAssertEqual(verdicts[1]["label"] as? String, "praise")
            XCTAssertEqual(verdicts[2]["label"] as? String, "other")
            let explanation = try XCTUnwrap(answer["explanation"] as? [String: Any])
            XCTAssertEqual((explanation["decision"] as? [String: Any])?["label"] as? String, "complaint")
            XCTAssertEqual(explanation["id"] as? String, "1")

            // The service's own pack is untouched: the same comment is not a complaint there.
            let served = try ServerTest.object(
                try await client.execute(
                    uri: "/v1/classify", method: .post,
                    body: ByteBuffer(string: #"{"text": "this game is a battery hog"}"#)))
            XCTAssertEqual(served["label"] as? String, "other")
            let pack = try ServerTest.object(try await client.execute(uri: "/v1/pack", method: .get))
            XCTAssertEqual(pack["version"] as? Int, 1)
        }
    }

    func testTryWithABrokenLayerGivesItsProblemsAtTheirLinesAndUsesTheDefault() async throws {
        try await ServerTest.withServer { _, client in
            let broken = Self.layer.replacingOccurrences(of: "<drain> {0,3}", with: "<drains> {0,3}")
            let answer = try ServerTest.object(
                try await client.execute(
                    uri: "/v1/try", method: .post,
                    body: try Self.tryBody(layer: broken, comments: ["this game is a battery hog"])))
            XCTAssertEqual(answer["ok"] as? Bool, false)
            XCTAssertEqual(answer["used"] as? String, "default")
            XCTAssertEqual(answer["errors"] as? Int, 1)
            let diagnostics = try XCTUnwrap(answer["diagnostics"] as? [[String: Any]])
            let error = try XCTUnwrap(diagnostics.first { $0["severity"] as? String == "error" })
            XCTAssertEqual(error["line"] as? Int, 8)
            XCTAssertEqual(error["code"] as? String, "undefined-list")
            XCTAssertEqual(error["file"] as? String, "layer.yaml")
            // The default pack's own diagnostics are not the author's: only the layer's are listed.
            XCTAssertTrue(diagnostics.allSatisfy { $0["file"] as? String == "layer.yaml" })
            XCTAssertEqual((answer["verdicts"] as? [[String: Any]])?.first?["label"] as? String, "other")

            // No layer at all: the default pack, no diagnostics.
            let empty = try ServerTest.object(
                try await client.execute(
                    uri: "/v1/try", method: .post,
                    body: try Self.tryBody(layer: "  \n", comments: ["where is my order?"])))
            XCTAssertEqual(empty["ok"] as? Bool, true)
            XCTAssertEqual(empty["used"] as? String, "default")
            XCTAssertEqual((empty["verdicts"] as? [[String: Any]])?.first?["label"] as? String, "complaint")
        }
    }

    func testTryRefusesBadBodies() async throws {
        let configuration = ServerTest.configuration { $0.limits.records = 2 }
        try await ServerTest.withServer(configuration) { _, client in
            for (body, expected) in [
                (#"{"layer": 3, "comments": []}"#, "layer must be a string"),
                (#"{"comments": ["a", 2]}"#, "comments must be strings"),
                (#"{"comments": ["a"], "explain": 1}"#, "explain must be the index"),
                (#"["a"]"#, "expected {"),
                (#"{"comments": ["a", "b", "c"]}"#, "limit records=2"),
                ("{\"comments\": [\n\"a\",]}", "malformed JSON at line 2"),
            ] {
                let response = try await client.execute(uri: "/v1/try", method: .post, body: ByteBuffer(string: body))
                XCTAssertEqual(response.status, expected.hasPrefix("limit") ? .contentTooLarge : .badRequest, body)
                XCTAssertTrue((try ServerTest.object(response)["error"] as? String ?? "").contains(expected), ServerTest.text(response))
            }
        }
    }

    func testTestRouteGivesTheCLIsDocument() async throws {
        let directory = try ServerTest.temporaryDirectory("rapport-test-route")
        defer { try? FileManager.default.removeItem(at: directory) }
        // One quiet example that fires: a failure at its place.
        let failing = Self.layer.replacingOccurrences(of: "battery life is great", with: "what a battery killer")
        let file = directory.appendingPathComponent("layer.yaml")
        try failing.write(to: file, atomically: true, encoding: .utf8)
        let name = file.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        for overDefault in [false, true] {
            let cli = try ServerTest.rapport(["test", "--format", "json"] + (overDefault ? ["--over-default"] : []) + [file.path])
            try await ServerTest.withServer { _, client in
                let response = try await client.execute(
                    uri: "/v1/test?name=\(name)&over_default=\(overDefault)", method: .post,
                    body: ByteBuffer(string: failing))
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(ServerTest.text(response), String(decoding: cli, as: UTF8.self))
                let report = try ServerTest.object(response)
                XCTAssertEqual(report["failed"] as? Int, 1)
                XCTAssertEqual(((report["failures"] as? [[String: Any]])?.first)?["line"] as? Int, 11)
                if overDefault { XCTAssertGreaterThan(report["passed"] as? Int ?? 0, 100) } else { XCTAssertEqual(report["passed"] as? Int, 1) }
            }
        }
        try await ServerTest.withServer { _, client in
            let broken = try await client.execute(
                uri: "/v1/test", method: .post, body: ByteBuffer(string: "rapport: 1\nrules:\n  - id: x\n    match: [\"a [b\"]\n"))
            XCTAssertEqual(broken.status, .unprocessableContent)
            let answer = try ServerTest.object(broken)
            XCTAssertTrue((answer["error"] as? String ?? "").contains("no example ran"), ServerTest.text(broken))
            XCTAssertTrue((answer["diagnostics"] as? [[String: Any]] ?? []).contains { $0["line"] as? Int == 4 }, ServerTest.text(broken))
        }
    }

    func testPlaygroundOnlyWithTheFlagAndFromTheBinaryAlone() async throws {
        try await ServerTest.withServer { _, client in
            let absent = try await client.execute(uri: "/", method: .get)
            XCTAssertEqual(absent.status, .notFound)
        }
        let configuration = ServerTest.configuration {
            $0.playground = true
            $0.token = "s3cret"
        }
        try await ServerTest.withServer(configuration) { _, client in
            // The page needs no token (it holds no data); what it calls does.
            let page = try await client.execute(uri: "/", method: .get)
            XCTAssertEqual(page.status, .ok)
            XCTAssertEqual(page.headers[.contentType], "text/html; charset=utf-8")
            XCTAssertTrue(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") ?? false)
            let html = ServerTest.text(page)
            XCTAssertTrue(html.contains("v1/try"))
            // Nothing is loaded from the network: no external URL in a src or href, no @import.
            for needle in ["src=\"http", "href=\"http", "@import", "src=\"//", "href=\"//"] {
                XCTAssertFalse(html.contains(needle), needle)
            }
            let refused = try await client.execute(uri: "/v1/try", method: .post, body: try Self.tryBody(layer: "", comments: ["hi"]))
            XCTAssertEqual(refused.status, .unauthorized)
        }
    }
}
