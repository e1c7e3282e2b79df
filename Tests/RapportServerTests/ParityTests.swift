import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportServer
import XCTest

/// The service and `rapport classify` share the readers, engine and verdict writer: the fixture
/// dumps give the same bytes through both.
final class ParityTests: XCTestCase {
    func testFixtureDumpsGiveTheCLIsBytes() async throws {
        let dumps: [(path: String, contentType: String, accept: String?, format: String)] = [
            ("fixtures/comments/sample.jsonl", "application/x-ndjson", nil, "jsonl"),
            ("fixtures/comments/twitter.jsonl", "application/x-ndjson", nil, "jsonl"),
            ("fixtures/comments/blog.json", "application/json", nil, "jsonl"),
            ("fixtures/comments/facebook.json", "application/json", nil, "jsonl"),
            ("fixtures/comments/youtube.json", "application/json", "application/json", "json"),
        ]
        try await ServerTest.withServer { _, client in
            for dump in dumps {
                let cli = try ServerTest.rapport(["classify", "--quiet", "--output-format", dump.format, dump.path])
                XCTAssertFalse(cli.isEmpty, dump.path)
                var headers: HTTPFields = [.contentType: dump.contentType]
                if let accept = dump.accept { headers[.accept] = accept }
                let response = try await client.execute(
                    uri: "/v1/classify", method: .post, headers: headers,
                    body: ByteBuffer(bytes: try ServerTest.fixture(dump.path)))
                XCTAssertEqual(response.status, .ok, dump.path)
                XCTAssertEqual(String(buffer: response.body), String(decoding: cli, as: UTF8.self), dump.path)
            }
        }
    }

    func testOneCommentGivesTheCLIsLine() async throws {
        let line = #"{"id": "s01", "author": {"name": "maya_k", "followers": 120}, "text": "Where is my package?? 😡"}"#
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-one-\(getpid()).jsonl")
        try (line + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let cli = try ServerTest.rapport(["classify", "--quiet", "--output-format", "jsonl", file.path])
        try await ServerTest.withServer { _, client in
            let response = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: line))
            XCTAssertEqual(String(buffer: response.body), String(decoding: cli, as: UTF8.self))
        }
    }
}
