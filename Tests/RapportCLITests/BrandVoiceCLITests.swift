import Foundation
import Testing

/// Issue 14, part 8, through the binary: the brand layer of fixtures/voice over the default pack.
@Suite("brand voice through the binary")
struct BrandVoiceCLITests {
    static let layer = ["--rules", "fixtures/voice"]
    static let crisis = "I honestly want to end my life, nothing matters"

    static func suggestions(_ line: Substring) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return object?["suggestions"] as? [String] ?? []
    }

    @Test func onXOnlyTheShortHandoffIsOfferedWithTheSignOff() throws {
        let input = """
            {"id":"x1","text":"\(Self.crisis)","platform":"X"}
            {"id":"f1","text":"\(Self.crisis)","platform":"facebook"}
            {"id":"k1","text":"my kettle is leaking again"}

            """
        let run = try CLI.run(["classify", "--quiet", "--fields", "id,suggestions"] + Self.layer, stdin: Data(input.utf8))
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n")
        #expect(lines.count == 3)
        let onX = try Self.suggestions(lines[0])
        #expect(onX.count == 1)
        #expect(onX.first?.hasPrefix("friend, we're so sorry. Please call or text a crisis line now") == true)
        #expect(onX.first?.hasSuffix("We'll message you too. ^Acme care") == true)
        #expect(onX.allSatisfy { $0.unicodeScalars.count <= 280 })
        // Facebook has no limit in this pack: both variants, the long one over 280.
        let onFacebook = try Self.suggestions(lines[1])
        #expect(onFacebook.count == 2)
        #expect(onFacebook.contains { $0.unicodeScalars.count > 280 && $0.hasSuffix("directly too. ^Acme care") })
        #expect(try Self.suggestions(lines[2]).first == "Sorry about your kettle, friend! Could you DM us your order number so we can replace it? ^Acme care")
    }

    @Test func explainListsTheDroppedReplyInTextAndJSON() throws {
        let text = try CLI.run(["explain", "--field", "platform=x"] + Self.layer + [Self.crisis])
        #expect(text.status == 0)
        #expect(text.out.contains("dropped replies  (tried and left out)\n"))
        #expect(text.out.contains("    dropped: 326 characters, over reply_max 280 for platform x\n"))
        #expect(text.out.contains("    from handoff.crisis replies layer fixtures/voice (fixtures/voice/brand.yaml:17:5)\n"))
        let json = try CLI.run(["explain", "--format", "json", "--field", "platform=x"] + Self.layer + [Self.crisis])
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let dropped = (object?["explanation"] as? [String: Any])?["droppedReplies"] as? [[String: Any]]
        #expect(dropped?.count == 1)
        #expect(dropped?.first?["reason"] as? String == "too-long")
        #expect(dropped?.first?["length"] as? Int == 326)
        #expect(dropped?.first?["limit"] as? Int == 280)
        // Nothing dropped without a platform: no member.
        let plain = try CLI.run(["explain", "--format", "json"] + Self.layer + [Self.crisis])
        #expect(!plain.out.contains("droppedReplies"))
    }

    @Test func lintWarnsThatTheLongHandoffIsNeverOfferedOnXAndTestPassesTheCase() throws {
        let lint = try CLI.run(["lint", "--over-default", "fixtures/voice"])
        #expect(lint.status == 0)
        #expect(
            lint.out.contains(
                "fixtures/voice/brand.yaml:18:10: warning: this reply is at least 320 characters with the sign-off, over reply_max for x (280): it is never offered there"
            ))
        #expect(lint.out.hasSuffix("0 errors, 1 warning\n"))
        let strict = try CLI.run(["lint", "--over-default", "--strict", "--format", "json", "fixtures/voice"])
        #expect(strict.status == 1)
        #expect(strict.out.contains("\"reply-too-long\""))
        let test = try CLI.run(["test", "--over-default", "fixtures/voice"])
        #expect(test.status == 0)
    }
}
