import Foundation
import Testing

/// Issue 14, real export shapes through the binary: an X API v2 response whose authors are in
/// `includes.users`, pages of it concatenated, and a YouTube comment thread with replies.
@Suite("API exports, end to end")
struct APIExportCLITests {
    static let xResponse = "fixtures/comments/x-api-v2.json"
    static let xPage2 = "fixtures/comments/x-api-v2-page2.json"

    static func records(_ run: CLIRun) -> [[String: Any]] {
        run.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func route(_ record: [String: Any]) -> String? {
        (record["escalation"] as? [String: Any])?["route"] as? String
    }

    static func firstSuggestion(_ record: [String: Any]) -> String {
        (record["suggestions"] as? [String])?.first ?? ""
    }

    @Test func aHighReachAuthorFromIncludesIsEscalatedAndNamedInTheReply() throws {
        let run = try CLI.run(["classify", "--quiet", Self.xResponse])
        #expect(run.status == 0, "\(run.err)")
        let records = Self.records(run)
        #expect(records.map { $0["id"] as? String } == ["1861000000000000001", "1861000000000000002", "1861000000000000003", "1861000000000000004"])
        #expect(records.map { $0["label"] as? String } == ["complaint", "question", "complaint", "complaint"])
        // 250,000 followers in includes.users: the default pack's high-reach escalation.
        #expect(records.count == 4 && Self.route(records[0]) == "social-lead")
        #expect(records.count == 4 && Self.firstSuggestion(records[0]).hasPrefix("Dana Whitfield, "))
        // The same complaint from an 87-follower author, and from an author missing from includes: not escalated, still classified.
        #expect(records.count == 4 && Self.route(records[2]) == nil && Self.firstSuggestion(records[2]).hasPrefix("Sam Reyes, "))
        #expect(records.count == 4 && Self.route(records[3]) == nil && Self.firstSuggestion(records[3]).hasPrefix("Hi there, "))

        // Without its includes the first tweet has no author: no escalation, no name.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: CLI.root.appendingPathComponent(Self.xResponse))) as? [String: Any])
        let dataOnly = try JSONSerialization.data(withJSONObject: ["data": try #require(object["data"] as? [Any])])
        let bare = Self.records(try CLI.run(["classify", "--quiet", "--input-format", "json", "-"], stdin: dataOnly))
        #expect(bare.count == 4 && Self.route(bare[0]) == nil && Self.firstSuggestion(bare[0]).hasPrefix("Hi there, "))
    }

    @Test func concatenatedPagesJoinTheirOwnIncludes() throws {
        let pages = try Data(contentsOf: CLI.root.appendingPathComponent(Self.xResponse)) + Data(contentsOf: CLI.root.appendingPathComponent(Self.xPage2))
        let run = try CLI.run(["classify", "--quiet", "--keep-fields", "author.username", "-"], stdin: pages)
        #expect(run.status == 0, "\(run.err)")
        let records = Self.records(run)
        #expect(records.map { $0["id"] as? String } == (1...6).map { "186100000000000000\($0)" })
        let authors = records.map { ($0["fields"] as? [String: Any])?["author.username"] as? String }
        // Tweet 5's author is in the first page's includes only.
        #expect(authors == ["danawrites", "olaberg", "samr", nil, nil, "priyan"])
    }

    /// From a pipe, a `data` record that names no author is answered at once; one with an `author_id`
    /// waits for the `includes` after it, and is then answered with its author.
    @Test func onlyRecordsThatNameAnAuthorWaitForTheIncludes() throws {
        let (process, input, reader) = try LineReader.start(["classify", "--quiet", "--input-format", "json", "--fields", "id,escalation"])
        defer { if process.isRunning { process.terminate() } }
        input.fileHandleForWriting.write(Data(#"{"data":[{"id":"p1","text":"where is my order??"},"#.utf8))
        #expect(reader.nextLine(timeout: 10) == #"{"id":"p1"}"#)
        input.fileHandleForWriting.write(Data(#"{"id":"p2","text":"my order arrived broken, useless","author_id":"9001"},"#.utf8))
        #expect(reader.nextLine(timeout: 1) == nil)
        input.fileHandleForWriting.write(
            Data(#"{"id":"p3","text":"thanks"}],"includes":{"users":[{"id":"9001","public_metrics":{"followers_count":20000}}]}}"#.utf8))
        let p2 = try #require(reader.nextLine(timeout: 10))
        #expect(p2.hasPrefix(#"{"id":"p2","escalation":{"level":"high","route":"social-lead""#))
        #expect(reader.nextLine(timeout: 10) == #"{"id":"p3"}"#)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func packsReadTheJoinedAuthorFieldsAndLintSeesThemInASample() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-xapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(
            """
            rapport: 1
            rules:
              - id: escalate.verified-complaint
                when: "label == complaint and author.verified and author.public_metrics.followers_count >= 50"
                escalate: {level: medium, route: verified, reason: Complaint from a verified account}
              - id: escalate.misspelt
                when: "label == complaint and author.folowers >= 1000"
                escalate: {level: medium, route: verified, reason: Never}
            """.utf8
        ).write(to: dir.appendingPathComponent("layer.yaml"))
        let run = try CLI.run(["classify", "--quiet", "--rules", dir.path, "--fields", "id,escalation", Self.xResponse])
        let reasons = Self.records(run).map { (($0["escalation"] as? [String: Any])?["reasons"] as? [String]) ?? [] }
        // Dana is verified; Sam (87 followers) is not.
        #expect(reasons == [["Complaint from a high-reach account", "Complaint from a verified account"], [], [], []])
        let lint = try CLI.run(["lint", "--over-default", "--sample", Self.xResponse, dir.path])
        #expect(lint.out.contains("reads field 'author.folowers', which no record of \(Self.xResponse) has; did you mean 'author.followers'?"))
        #expect(!lint.out.contains("author.verified") && !lint.out.contains("'author.public_metrics.followers_count'"))
    }

    @Test func youTubeRepliesGetOneVerdictEachAfterTheirThread() throws {
        let run = try CLI.run(["classify", "--quiet", "--keep-fields", "parent_id", "fixtures/comments/youtube-replies.json"])
        #expect(run.status == 0, "\(run.err)")
        let records = Self.records(run)
        #expect(records.map { $0["id"] as? String } == ["UgyThread1", "UgyThread1.Reply1", "UgyThread1.Reply2", "UgyThread2"])
        #expect(records.map { $0["label"] as? String } == ["complaint", "question", "praise", "question"])
        #expect(records.map { Self.firstSuggestion($0).components(separatedBy: ",").first } == ["@KettleKate", "@TeaTom", "@HappyHana", "@CuriousCal"])
        #expect(records.map { ($0["fields"] as? [String: Any])?["parent_id"] as? String } == [nil, "UgyThread1", "UgyThread1", nil])
        #expect(run.err.isEmpty)
        let summary = try CLI.run(["classify", "fixtures/comments/youtube-replies.json"])
        #expect(summary.err.hasPrefix("4 records read, 4 classified, 0 errors"))
    }
}
