import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportServer
import XCTest

/// Hot reload: a good pack is swapped in, a broken one refused (the old one stays), and requests
/// sent meanwhile all succeed.
final class ReloadTests: XCTestCase {
    static let layer = """
        rapport: 1
        rules:
          - id: complaint.widget-wobble
            label: complaint
            weight: 3
            match: ["widget {0,3} wobbl*"]
        """

    static let broken = """
        rapport: 1
        rules:
          - id: complaint.widget-wobble
            label: complaint
            match: ["widget [wobbl*"]
        """

    func testReloadUnderLoadHasNoFailedRequests() async throws {
        let directory = try ServerTest.temporaryDirectory("rapport-reload")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("layer.yaml")
        try Self.layer.write(to: file, atomically: true, encoding: .utf8)
        let configuration = ServerTest.configuration { $0.rulePaths = [file.path] }

        try await ServerTest.withServer(configuration) { server, client in
            let before = try ServerTest.object(
                try await client.execute(
                    uri: "/v1/classify", method: .post,
                    body: ByteBuffer(string: #"{"text": "my widget keeps wobbling"}"#)))
            XCTAssertEqual(before["rules"] as? [String], ["complaint.widget-wobble"])

            // A bounded client loop (400 requests) while the pack is swapped three times, once to a broken pack.
            let port = try XCTUnwrap(client.port)
            async let loop: [HTTPResponse.Status] = TestClient.withClient(host: "127.0.0.1", port: port) { other in
                var statuses: [HTTPResponse.Status] = []
                for index in 0..<400 {
                    let body = index % 2 == 0 ? #"{"text": "my widget keeps wobbling"}"# : "{\"text\": \"a\"}\n{\"text\": \"where is my order\"}\n"
                    let headers: HTTPFields = [.contentType: index % 2 == 0 ? "application/json" : "application/x-ndjson"]
                    let response = try await other.execute(.init("/v1/classify", method: .post, headers: headers, body: ByteBuffer(string: body)))
                    statuses.append(response.status)
                }
                return statuses
            }
            var reloadStatuses: [HTTPResponse.Status] = []
            for text in [Self.layer.replacingOccurrences(of: "weight: 3", with: "weight: 2"), Self.broken, Self.layer] {
                try text.write(to: file, atomically: true, encoding: .utf8)
                reloadStatuses.append(try await client.execute(uri: "/v1/reload", method: .post).status)
                if text == Self.broken {
                    let pack = try ServerTest.object(try await client.execute(uri: "/v1/pack", method: .get))
                    XCTAssertEqual(pack["version"] as? Int, 2, "the broken pack was not swapped in")
                    let failure = try XCTUnwrap(pack["last_reload_error"] as? [String: Any])
                    XCTAssertTrue((failure["message"] as? String ?? "").contains("the previous pack stays in use"))
                    XCTAssertFalse((failure["diagnostics"] as? [Any] ?? []).isEmpty)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            let statuses = try await loop
            XCTAssertEqual(statuses.count, 400)
            XCTAssertEqual(statuses.filter { $0 != .ok }.count, 0, "failed requests during reloads")
            XCTAssertEqual(reloadStatuses, [.ok, .unprocessableContent, .ok])

            let pack = try ServerTest.object(try await client.execute(uri: "/v1/pack", method: .get))
            XCTAssertEqual(pack["version"] as? Int, 3)
            XCTAssertTrue(pack["last_reload_error"] is NSNull)
            XCTAssertEqual(server.store.current.version, 3)
            let metrics = ServerTest.text(try await client.execute(uri: "/metrics", method: .get))
            XCTAssertTrue(metrics.contains("rapport_reloads_total 3"), metrics)
            XCTAssertTrue(metrics.contains("rapport_reload_failures_total 1"), metrics)
            XCTAssertTrue(metrics.contains("rapport_pack_reload_failed 0"), metrics)
        }
    }
}
