import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

/// The `rapport-serve` binary: SIGTERM while a request is in flight lets it finish, then exits 0.
final class ShutdownTests: XCTestCase {
    func testSIGTERMFinishesTheRequestInFlightAndExitsZero() async throws {
        let process = Process()
        process.executableURL = ServerTest.binary("rapport-serve")
        process.arguments = ["--port", "0"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The log line says which port was picked.
        var log = ""
        var port: Int?
        let deadline = Date().addingTimeInterval(20)
        while port == nil, Date() < deadline {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
            if let range = log.range(of: #"listening on http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
                port = Int(log[range].split(separator: ":").last!.dropLast())
            }
        }
        let bound = try XCTUnwrap(port, log)

        let records = 20_000
        let body = (1...records).map { "{\"id\": \"r\($0)\", \"text\": \"order \($0) never arrived, where is it?\"}" }.joined(separator: "\n")
        let lines = try await TestClient.withClient(host: "127.0.0.1", port: bound, configuration: .init(timeout: .seconds(60))) { client in
            async let response = client.execute(.init("/v1/classify", method: .post, headers: [.contentType: "application/x-ndjson"],
                                                      body: ByteBuffer(string: body)))
            try await Task.sleep(for: .milliseconds(300))
            kill(process.processIdentifier, SIGTERM)
            let answered = try await response
            XCTAssertEqual(answered.status, .ok)
            return String(buffer: answered.body ?? ByteBuffer()).split(separator: "\n")
        }
        XCTAssertEqual(lines.count, records)
        XCTAssertTrue(lines.last?.hasPrefix("{\"id\":\"r\(records)\"") ?? false)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
    }
}
