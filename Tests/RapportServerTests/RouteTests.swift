import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportServer
import XCTest

/// Every route against a live server on 127.0.0.1: answers, auth, malformed bodies and unknown routes.
final class RouteTests: XCTestCase {
    func testHealthPackAndUnknownRoute() async throws {
        try await ServerTest.withServer { _, client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            XCTAssertEqual(health.status, .ok)
            XCTAssertEqual(ServerTest.text(health), "{\"status\":\"ok\"}\n")

            let pack = try ServerTest.object(try await client.execute(uri: "/v1/pack", method: .get))
            XCTAssertEqual(pack["name"] as? String, "default-en")
            XCTAssertEqual(pack["version"] as? Int, 1)
            XCTAssertEqual(pack["layers"] as? [String], ["default"])
            XCTAssertGreaterThan(pack["rules"] as? Int ?? 0, 10)
            XCTAssertTrue(pack["last_reload_error"] is NSNull)

            let missing = try await client.execute(uri: "/v2/classify", method: .get)
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertEqual(try ServerTest.object(missing)["error"] as? String, "no route GET /v2/classify")
        }
    }

    func testClassifyOneCommentGivesTheVerdictLine() async throws {
        try await ServerTest.withServer { _, client in
            let response = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"id": "c1", "text": "Where is my package?? still not here", "author": "maya"}"#))
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "application/json")
            let verdict = try ServerTest.object(response)
            XCTAssertEqual(verdict["id"] as? String, "c1")
            XCTAssertEqual(verdict["label"] as? String, "complaint")
            XCTAssertFalse((verdict["spans"] as? [Any] ?? []).isEmpty)
            XCTAssertTrue(ServerTest.text(response).hasSuffix("}\n"))
        }
    }

    func testMalformedBodiesAre400WithThePlace() async throws {
        try await ServerTest.withServer { _, client in
            let broken = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: "{\"text\": \"hi\",\n  \"id\": }"))
            XCTAssertEqual(broken.status, .badRequest)
            let error = try ServerTest.object(broken)
            XCTAssertEqual(error["line"] as? Int, 2)
            XCTAssertEqual(error["column"] as? Int, 9)
            XCTAssertEqual(error["offset"] as? Int, 23)
            XCTAssertTrue((error["error"] as? String ?? "").hasPrefix("malformed JSON at line 2, column 9"), "\(error)")

            // A broken array is answered as `classify` answers it: the records before the break, an error
            // record for the broken element, and one for the array the body leaves unclosed.
            let array = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: "[{\"text\": \"a\"},\n {\"text\": ]"))
            XCTAssertEqual(array.status, .ok)
            let answers = ServerTest.text(array).split(separator: "\n")
            XCTAssertEqual(answers.count, 3)
            XCTAssertTrue(answers[1].hasPrefix("{\"line\":2,\"error\":\"malformed JSON"), ServerTest.text(array))
            XCTAssertTrue(answers[2].contains("no closing ']'"), ServerTest.text(array))

            let noText = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: #"{"id": "x"}"#))
            XCTAssertEqual(noText.status, .badRequest)
            XCTAssertEqual(try ServerTest.object(noText)["line"] as? Int, 1)

            let notJSON = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: "hello"))
            XCTAssertEqual(notJSON.status, .badRequest)
            XCTAssertEqual(try ServerTest.object(notJSON)["offset"] as? Int, 0)

            let empty = try await client.execute(uri: "/v1/classify", method: .post)
            XCTAssertEqual(empty.status, .badRequest)
        }
    }

    func testBatchesKeepOrderAndGiveErrorRecords() async throws {
        // 10,000 NDJSON records, every 1,000th one broken: one line each, in input order.
        var lines: [String] = []
        for index in 1...10_000 {
            lines.append(
                index % 1_000 == 0 ? "{\"id\": \"r\(index)\", \"text\": " : "{\"id\": \"r\(index)\", \"text\": \"order \(index) is late, where is it?\"}")
        }
        let body = lines.joined(separator: "\n") + "\n"
        try await ServerTest.withServer { _, client in
            let response = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "application/x-ndjson"],
                body: ByteBuffer(string: body))
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "application/x-ndjson")
            let answers = ServerTest.text(response).split(separator: "\n")
            XCTAssertEqual(answers.count, 10_000)
            for (offset, answer) in answers.enumerated() {
                let index = offset + 1
                if index % 1_000 == 0 {
                    XCTAssertTrue(answer.hasPrefix("{\"line\":\(index),\"error\":"), String(answer))
                } else {
                    XCTAssertTrue(answer.hasPrefix("{\"id\":\"r\(index)\",\"label\":\"complaint\""), String(answer))
                }
            }

            // A JSON array, answered as a JSON array on request.
            let array = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.accept: "application/json"],
                body: ByteBuffer(string: #"[{"text": "love it!"}, 5, {"text": "do you ship to Canada?"}]"#))
            XCTAssertEqual(array.status, .ok)
            let records = try JSONSerialization.jsonObject(with: Data(array.body.readableBytesView)) as? [[String: Any]]
            XCTAssertEqual(records?.map { $0["id"] as? String ?? "error" }, ["1", "error", "3"])
            XCTAssertEqual(records?.first?["label"] as? String, "praise")
        }
    }

    func testAuthGuardsEveryRouteButHealth() async throws {
        let configuration = ServerTest.configuration { $0.token = "s3cret" }
        try await ServerTest.withServer(configuration) { _, client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            XCTAssertEqual(health.status, .ok)
            for (uri, method) in [
                ("/v1/pack", HTTPRequest.Method.get), ("/metrics", .get), ("/v1/classify", .post), ("/v1/reload", .post),
                ("/v1/lint", .post), ("/v1/explain", .post),
            ] {
                let refused = try await client.execute(uri: uri, method: method, body: ByteBuffer(string: #"{"text":"hi"}"#))
                XCTAssertEqual(refused.status, .unauthorized, uri)
                XCTAssertEqual(refused.headers[.wwwAuthenticate], "Bearer")
                let wrong = try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer s3cre"])
                XCTAssertEqual(wrong.status, .unauthorized, uri)
            }
            let allowed = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.authorization: "Bearer s3cret"],
                body: ByteBuffer(string: #"{"text":"thanks, great service"}"#))
            XCTAssertEqual(allowed.status, .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer s3cret"])
            XCTAssertTrue(ServerTest.text(metrics).contains("rapport_requests_rejected_total{reason=\"unauthorized\"} 12"), ServerTest.text(metrics))
        }
    }

    func testExplainAndLint() async throws {
        try await ServerTest.withServer { _, client in
            let explained = try await client.execute(
                uri: "/v1/explain", method: .post,
                body: ByteBuffer(string: #"{"text": "where is my order", "why_not": ["praise.positive"]}"#))
            XCTAssertEqual(explained.status, .ok)
            let document = try ServerTest.object(explained)
            XCTAssertNotNil(document["explanation"] as? [String: Any])
            XCTAssertEqual((document["whyNot"] as? [Any])?.count, 1)

            let unknown = try await client.execute(
                uri: "/v1/explain", method: .post,
                body: ByteBuffer(string: #"{"text": "x", "why_not": ["praise.positiv"]}"#))
            XCTAssertEqual(unknown.status, .badRequest)
            XCTAssertTrue((try ServerTest.object(unknown)["error"] as? String ?? "").contains("did you mean 'praise.positive'"))

            let layer = """
                rapport: 1
                rules:
                  - id: complaint.wobble
                    label: complaint
                    match: ["widget [wobbl*"]
                """
            let lint = try await client.execute(uri: "/v1/lint?over_default=true&name=mine.yaml", method: .post, body: ByteBuffer(string: layer))
            XCTAssertEqual(lint.status, .ok)
            let diagnostics = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lint.body.readableBytesView)) as? [[String: Any]])
            XCTAssertEqual(diagnostics.first?["file"] as? String, "mine.yaml")
            XCTAssertEqual(diagnostics.first?["line"] as? Int, 5)
            XCTAssertEqual(diagnostics.first?["severity"] as? String, "error")

            let clean = try await client.execute(
                uri: "/v1/lint?over_default=true", method: .post,
                body: ByteBuffer(string: layer.replacingOccurrences(of: "[wobbl*", with: "wobbl*")))
            XCTAssertEqual(ServerTest.text(clean).contains("\"error\""), false, ServerTest.text(clean))
        }
    }

    func testMetricsCountRequestsLabelsAndEscalations() async throws {
        try await ServerTest.withServer { _, client in
            _ = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: #"{"text": "love it, thank you!"}"#))
            _ = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "application/x-ndjson"],
                body: ByteBuffer(string: "{\"text\": \"I will sue you, see you in court\"}\n{\"text\": \"great, love it\"}\n"))
            _ = try await client.execute(uri: "/nowhere", method: .get)
            let text = ServerTest.text(try await client.execute(uri: "/metrics", method: .get))
            XCTAssertTrue(text.contains("rapport_http_requests_total{route=\"/v1/classify\",status=\"200\"} 2"), text)
            XCTAssertTrue(text.contains("rapport_http_requests_total{route=\"unmatched\",status=\"404\"} 1"), text)
            XCTAssertTrue(text.contains("rapport_http_request_duration_seconds_bucket{route=\"/v1/classify\",status=\"200\""), text)
            XCTAssertTrue(text.contains("rapport_comments_total{label=\"praise\"} 2"), text)
            XCTAssertTrue(text.contains("rapport_escalations_total{route=\"legal\"} 1"), text)
            XCTAssertTrue(text.contains("rapport_reloads_total 0"), text)
        }
    }
}
