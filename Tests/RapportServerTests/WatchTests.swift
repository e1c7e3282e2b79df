import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import RapportServer
import XCTest

/// `--watch`: a change of a rule file reloads the packs once it has settled; a broken file is refused
/// and the previous pack stays.
final class WatchTests: XCTestCase {
    func testChangedFilesAreReloadedAndABrokenOneIsRefused() async throws {
        let directory = try ServerTest.temporaryDirectory("rapport-watch")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("layer.yaml")
        try ReloadTests.layer.write(to: file, atomically: true, encoding: .utf8)
        let configuration = ServerTest.configuration {
            $0.rulePaths = [directory.path]
            $0.watch = true
            $0.watchInterval = .milliseconds(100)
        }
        try await ServerTest.withServer(configuration) { server, client in
            var logger = Logger(label: "watch-test")
            logger.logLevel = .critical
            let watcher = Task { [logger] in try await PackWatcher(server: server, logger: logger).watch() }
            defer { watcher.cancel() }

            func pack() async throws -> [String: Any] {
                try ServerTest.object(try await client.execute(uri: "/v1/pack", method: .get))
            }
            func label(_ text: String) async throws -> String? {
                let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["text": text]))
                return try ServerTest.object(try await client.execute(uri: "/v1/classify", method: .post, body: body))["label"] as? String
            }
            /// Polls `/v1/pack` until `condition` holds (at most 20 s: the machine may be busy).
            func waitFor(_ what: String, _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
                for _ in 0..<200 {
                    let current = try await pack()
                    if condition(current) { return current }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let last = try await pack()
                XCTFail("timed out waiting for \(what): \(last)")
                return last
            }
            let label1 = try await label("the gadget is zorbing")
            XCTAssertEqual(label1, "other")

            // Two writes in a row (an editor saving in steps) settle into one reload.
            try ReloadTests.layer.replacingOccurrences(of: "widget", with: "gizmo").write(to: file, atomically: true, encoding: .utf8)
            try ReloadTests.layer.replacingOccurrences(of: "widget {0,3} wobbl*", with: "gadget {0,3} zorb*")
                .write(to: file, atomically: true, encoding: .utf8)
            _ = try await waitFor("the first reload") { $0["version"] as? Int == 2 }
            let label2 = try await label("the gadget is zorbing")
            XCTAssertEqual(label2, "complaint")
            try await Task.sleep(for: .milliseconds(500))
            let settled = try await pack()
            XCTAssertEqual(settled["version"] as? Int, 2, "two writes in a row gave more than one reload")

            // A broken file is refused: the pack stays at version 2 and says why.
            try ReloadTests.broken.write(to: file, atomically: true, encoding: .utf8)
            let refused = try await waitFor("the refused reload") { !($0["last_reload_error"] is NSNull) }
            XCTAssertEqual(refused["version"] as? Int, 2)
            let label3 = try await label("the gadget is zorbing")
            XCTAssertEqual(label3, "complaint")

            // A new file in the directory is a change too.
            try ReloadTests.layer.write(to: file, atomically: true, encoding: .utf8)
            try "rapport: 1\nlists:\n  spare: [a]\n".write(to: directory.appendingPathComponent("more.yaml"), atomically: true, encoding: .utf8)
            let fixed = try await waitFor("the reload after the fix") { ($0["version"] as? Int ?? 0) >= 3 && $0["last_reload_error"] is NSNull }
            XCTAssertEqual(fixed["rules"] as? Int, (refused["rules"] as? Int))
            let label4 = try await label("the gadget is zorbing")
            XCTAssertEqual(label4, "other")
            let label5 = try await label("my widget keeps wobbling")
            XCTAssertEqual(label5, "complaint")
        }
    }
}
