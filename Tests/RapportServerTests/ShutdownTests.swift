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
        // A raw connection, so the signal is sent only once the answer has started: the request is then
        // surely in flight (a fixed sleep raced the server on a busy machine).
        let connection = try RawConnection(port: bound)
        connection.send(
            "POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        let start = connection.receiveBytes(until: "{\"id\":\"r1\"")
        XCTAssertTrue(String(decoding: start.prefix(12), as: UTF8.self) == "HTTP/1.1 200", String(decoding: start.prefix(200), as: UTF8.self))
        kill(process.processIdentifier, SIGTERM)
        let raw = start + connection.receiveBytes()
        let lines = try ShutdownTests.body(ofHTTPResponse: raw).split(separator: "\n")
        XCTAssertEqual(lines.count, records)
        XCTAssertTrue(lines.last?.hasPrefix("{\"id\":\"r\(records)\"") ?? false)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
    }

    /// The body of a raw HTTP/1.1 response, with chunked transfer encoding undone.
    static func body(ofHTTPResponse bytes: [UInt8]) throws -> String {
        let separator = Array("\r\n\r\n".utf8)
        guard let headerEnd = (0...(bytes.count - separator.count)).first(where: { Array(bytes[$0..<$0 + separator.count]) == separator }) else {
            throw POSIXError(.EBADMSG)
        }
        let head = String(decoding: bytes[..<headerEnd], as: UTF8.self).lowercased()
        var index = headerEnd + separator.count
        guard head.contains("transfer-encoding: chunked") else { return String(decoding: bytes[index...], as: UTF8.self) }
        var out: [UInt8] = []
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16)
            else { throw POSIXError(.EBADMSG) }
            if size == 0 { break }
            let from = lineEnd + 2
            guard from + size <= bytes.count else { throw POSIXError(.EBADMSG) }
            out += bytes[from..<from + size]
            index = from + size + 2
        }
        return String(decoding: out, as: UTF8.self)
    }
}
