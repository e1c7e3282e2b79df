import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportServer
import XCTest

/// Every request limit: the status, and a JSON error naming the limit.
final class LimitTests: XCTestCase {
    func testBodyRecordsAndRecordBytes() async throws {
        let configuration = ServerTest.configuration {
            $0.limits.bodyBytes = 4096
            $0.limits.records = 3
            $0.limits.recordBytes = 1024
        }
        try await ServerTest.withServer(configuration) { _, client in
            let big = try await client.execute(
                uri: "/v1/classify", method: .post,
                body: ByteBuffer(string: "{\"text\": \"" + String(repeating: "a", count: 5000) + "\"}"))
            XCTAssertEqual(big.status, .contentTooLarge)
            let bodyError = try ServerTest.object(big)
            XCTAssertEqual(bodyError["limit"] as? String, "body-bytes")
            XCTAssertEqual(bodyError["max"] as? Int, 4096)

            let many = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "application/x-ndjson"],
                body: ByteBuffer(string: String(repeating: "{\"text\": \"hi\"}\n\n", count: 4)))
            XCTAssertEqual(many.status, .contentTooLarge)
            XCTAssertEqual(try ServerTest.object(many)["limit"] as? String, "records")
            let manyArray = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: "[1, 2, 3, 4]"))
            XCTAssertEqual(try ServerTest.object(manyArray)["limit"] as? String, "records")

            let long = "{\"text\": \"" + String(repeating: "b", count: 1100) + "\"}"
            let one = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: long))
            XCTAssertEqual(one.status, .contentTooLarge)
            XCTAssertEqual(try ServerTest.object(one)["limit"] as? String, "record-bytes")

            // In a batch, a record over the limit becomes an error record, as `classify --max-record-bytes` makes it.
            let batch = try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "application/x-ndjson"],
                body: ByteBuffer(string: "{\"text\": \"hi\"}\n" + long + "\n"))
            XCTAssertEqual(batch.status, .ok)
            let lines = ServerTest.text(batch).split(separator: "\n")
            XCTAssertEqual(lines.count, 2)
            XCTAssertTrue(lines[1].hasPrefix("{\"line\":2,\"error\":"), String(lines[1]))
        }
    }

    func testOverloadIs503WithRetryAfterAndSlowBodiesAre408() async throws {
        let configuration = ServerTest.configuration {
            $0.limits.concurrency = 1
            $0.limits.requestSeconds = 2
        }
        try await ServerTest.withServer(configuration) { _, client in
            let port = try XCTUnwrap(client.port)
            // Half a request holds the one slot while its body is awaited.
            let held = try RawConnection(port: port)
            held.send("POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"text\":")
            // Let the server take it up before anything else is sent (else the held request may be the one refused).
            try await Task.sleep(for: .milliseconds(300))
            var overloaded: TestResponse?
            for _ in 0..<200 {
                let response = try await client.execute(uri: "/v1/pack", method: .get)
                if response.status == .serviceUnavailable { overloaded = response; break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let refused = try XCTUnwrap(overloaded, "no 503 while the slot was held; the held request got: \(held.receive())")
            XCTAssertEqual(refused.headers[.retryAfter], "1")
            XCTAssertEqual(try ServerTest.object(refused)["limit"] as? String, "concurrency")
            // Health is answered all the same.
            let health = try await client.execute(uri: "/healthz", method: .get)
            XCTAssertEqual(health.status, .ok)

            // The held request runs out of time: 408 naming the limit, and the slot is free again.
            let answer = held.receive(until: "}\n")
            XCTAssertTrue(answer.hasPrefix("HTTP/1.1 408"), answer)
            XCTAssertTrue(answer.contains("\"limit\":\"request-seconds\""), answer)
            let after = try await client.execute(uri: "/v1/pack", method: .get)
            XCTAssertEqual(after.status, .ok)
        }
    }

    func testExpectContinueIsAnsweredBeforeTheBodyAndNotForABodyOverTheLimit() async throws {
        let configuration = ServerTest.configuration { $0.limits.bodyBytes = 1000 }
        try await ServerTest.withServer(configuration) { _, client in
            let port = try XCTUnwrap(client.port)
            let body = "{\"text\": \"Where is my order?\"}"
            let asking = try RawConnection(port: port)
            asking.send(
                "POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            )
            // The interim answer comes while the body is still unsent.
            let interim = asking.receive(until: "\r\n\r\n")
            XCTAssertEqual(interim, "HTTP/1.1 100 Continue\r\n\r\n")
            asking.send(body)
            let answer = asking.receive(until: "}")
            XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200"), answer)
            XCTAssertTrue(answer.contains("{\"id\":\"1\",\"label\":"), answer)

            // Declared longer than body-bytes: the final 413 comes at once, with no 100 before it.
            let tooLong = try RawConnection(port: port)
            tooLong.send(
                "POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
            let refused = tooLong.receive(until: "}")
            XCTAssertTrue(refused.hasPrefix("HTTP/1.1 413"), refused)
            XCTAssertTrue(refused.contains("\"limit\":\"body-bytes\""), refused)
        }
    }
}
