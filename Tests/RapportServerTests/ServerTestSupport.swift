import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RapportServer
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Starting the real service on a free loopback port, and the clients the tests talk to it with.
enum ServerTest {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A configuration on 127.0.0.1, port 0 (a free one).
    static func configuration(_ change: (inout ServeConfiguration) -> Void = { _ in }) -> ServeConfiguration {
        var configuration = ServeConfiguration()
        configuration.port = 0
        change(&configuration)
        return configuration
    }

    /// Runs `test` against a live server (a real socket on 127.0.0.1) started with `configuration`.
    static func withServer<Value: Sendable>(
        _ configuration: ServeConfiguration = configuration(),
        _ test: @escaping @Sendable (RapportServer, any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let server = try RapportServer(configuration: configuration)
        var logger = Logger(label: "rapport-serve-test")
        logger.logLevel = .warning
        let app = server.makeApplication(logger: logger)
        return try await app.test(.live) { client in try await test(server, client) }
    }

    /// A binary built next to the test bundle (`swift test` builds the executable targets the test target depends on).
    static func binary(_ name: String) -> URL {
        var candidates: [URL] = [Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name)]
        if let first = CommandLine.arguments.first {
            var directory = URL(fileURLWithPath: first).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent(name))
                directory = directory.deletingLastPathComponent()
            }
        }
        candidates.append(root.appendingPathComponent(".build/debug/\(name)"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// Runs `rapport args...` in the package root; its stdout.
    static func rapport(_ args: [String]) throws -> Data {
        let process = Process()
        process.executableURL = binary("rapport")
        process.arguments = args
        process.currentDirectoryURL = root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// A new empty directory under the temporary directory, removed by the caller.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The bytes of a fixture file.
    static func fixture(_ path: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(path))
    }

    /// The response body as text.
    static func text(_ response: TestResponse) -> String {
        String(buffer: response.body)
    }

    /// The response body as a JSON object.
    static func object(_ response: TestResponse) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView), options: [.fragmentsAllowed])
        return try XCTUnwrap(value as? [String: Any], "not a JSON object: \(text(response))")
    }
}

/// A plain TCP connection to 127.0.0.1 for what an HTTP client library will not do: send half a
/// request and hold it.
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if status != 0 { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything until the server closes the connection or `until` appears (or 20 s pass).
    func receive(until marker: String? = nil) -> String {
        String(decoding: receiveBytes(until: marker), as: UTF8.self)
    }

    /// The bytes until the server closes the connection or `until` appears (or 20 s pass).
    func receiveBytes(until marker: String? = nil) -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data += chunk[..<n]
            if let marker, String(decoding: data, as: UTF8.self).contains(marker) { break }
        }
        return data
    }

    deinit { close(fd) }
}
