import Testing
@testable import Rapport

/// Issue 14, part 8: the brand-voice settings of `pack:` (greeting_fallback, sign_off, reply_max),
/// the replies they drop, what `explain` says about them and the lint warnings.
@Suite struct BrandVoiceTests {
    static let rules = """
        rules:
          - id: complaint.kettle
            label: complaint
            weight: 2
            match: ["kettle"]
            reply:
              - "Sorry about the kettle, {author}. Could you DM us the order number and a photo so we can send a new one today?"
              - "Sorry, {author}. DM us?"
            examples: {fire: ["my kettle"]}
          - id: praise.thanks
            label: praise
            match: ["thanks"]
            reply: ["Thanks, {author|there}!"]
            examples: {fire: ["thanks"]}

        """

    static func engine(_ pack: String) throws -> Engine {
        try Engine(pack: RulePack.load(files: [("brand.yaml", "rapport: 1\n" + pack + rules)], overDefault: false))
    }

    static func diagnostics(_ text: String) -> [Diagnostic] {
        do {
            return try RulePack.load(files: [("brand.yaml", text)], overDefault: false).warnings
        } catch {
            return error.diagnostics
        }
    }

    @Test func theGreetingFallbackStandsInForAMissingAuthorOnlyWhereTheTemplateGivesNone() throws {
        let engine = try Self.engine("pack: {name: acme, greeting_fallback: friend}\n")
        #expect(engine.classify(Comment(id: "1", text: "my kettle")).suggestions.contains("Sorry, friend. DM us?"))
        #expect(engine.classify(Comment(id: "1", text: "my kettle", author: "@ana")).suggestions.contains("Sorry, @ana. DM us?"))
        // `{author|there}` keeps its own fallback.
        #expect(engine.classify(Comment(id: "2", text: "thanks")).suggestions == ["Thanks, there!"])
        // Without the setting a reply whose {author} has no value is dropped.
        let plain = try Self.engine("pack: {name: acme}\n")
        #expect(plain.classify(Comment(id: "1", text: "my kettle")).suggestions.isEmpty)
    }

    @Test func theSignOffEndsEveryReplyAfterASpaceOrAsWritten() throws {
        let engine = try Self.engine("pack: {name: acme, brand: Acme, sign_off: \"- {brand} care\", greeting_fallback: friend}\n")
        let verdict = engine.classify(Comment(id: "2", text: "thanks"))
        #expect(verdict.suggestions == ["Thanks, there! - Acme care"])
        let newline = try Self.engine("pack: {name: acme, sign_off: \"\\n^AK\"}\n")
        #expect(newline.classify(Comment(id: "2", text: "thanks")).suggestions == ["Thanks, there!\n^AK"])
    }

    @Test func aReplyOverThePlatformLimitIsDroppedAndTheNextVariantTried() throws {
        let engine = try Self.engine("pack: {name: acme, greeting_fallback: friend, reply_max: {x: 60, default: 200}}\n")
        let long = "Sorry about the kettle, @ana. Could you DM us the order number and a photo so we can send a new one today?"
        for platform in ["x", "X"] {
            let verdict = engine.classify(Comment(id: "1", text: "my kettle", author: "@ana", fields: ["platform": .string(platform)]))
            #expect(verdict.suggestions == ["Sorry, @ana. DM us?"])
        }
        // Another platform, or none, gets the default entry: the long reply fits 200.
        for fields: [String: FieldValue] in [["platform": .string("facebook")], [:]] {
            let verdict = engine.classify(Comment(id: "1", text: "my kettle", author: "@ana", fields: fields))
            #expect(verdict.suggestions.contains(long))
        }
        // Without a default entry a comment without a platform has no limit.
        let xOnly = try Self.engine("pack: {name: acme, reply_max: {x: 60}}\n")
        #expect(xOnly.classify(Comment(id: "1", text: "my kettle", author: "@ana")).suggestions.contains(long))
        #expect(xOnly.readableFields.contains("platform"))
        #expect(!(try Self.engine("pack: {name: acme}\n")).readableFields.contains("platform"))
    }

    /// A reply too long only because of the comment's values (a long display name) is written with the
    /// variables' fallbacks instead ("friend", the greeting fallback; a template's own `{author|there}`);
    /// dropped only when that is still too long.
    @Test func aReplyTooLongWithTheAuthorsNameIsWrittenWithTheFallback() throws {
        let engine = try Self.engine("pack: {name: acme, greeting_fallback: friend, reply_max: {default: 110}}\n")
        let long = "Sorry about the kettle, friend. Could you DM us the order number and a photo so we can send a new one today?"
        let name = "@" + String(repeating: "a", count: 30)
        let verdict = engine.classify(Comment(id: "1", text: "my kettle", author: name))
        #expect(verdict.suggestions == [long, "Sorry, \(name). DM us?"])
        // With only a `default` entry the platform is never read.
        #expect(!engine.readableFields.contains("platform"))
        // A name that fits is kept.
        #expect(engine.classify(Comment(id: "1", text: "my kettle", author: "@ana")).suggestions.first?.hasPrefix("Sorry about the kettle, @ana.") == true)
        // Still too long with the fallback: dropped, and explain says why (with the comment's value).
        let strict = try Self.engine("pack: {name: acme, greeting_fallback: friend, reply_max: {default: 100}}\n")
        let explained = strict.explain(Comment(id: "1", text: "my kettle", author: name))
        #expect(explained.verdict.suggestions == ["Sorry, \(name). DM us?"])
        #expect(explained.droppedReplies?.first?.detail == "133 characters, over reply_max 100 for every platform (the default entry)")
    }

    @Test func thePlatformIsReadThroughTheFieldAliases() throws {
        let engine = try Self.engine("pack: {name: acme, reply_max: {x: 60}}\nfields:\n  platform: [source.network]\n")
        let verdict = engine.classify(Comment(id: "1", text: "my kettle", author: "@ana", fields: ["source.network": .string("x")]))
        #expect(verdict.suggestions == ["Sorry, @ana. DM us?"])
    }

    @Test func explainSaysWhichRepliesWereDroppedAndWhy() throws {
        let engine = try Self.engine("pack: {name: acme, reply_max: {x: 60}}\n")
        let tooLong = engine.explain(Comment(id: "1", text: "my kettle", author: "@ana", fields: ["platform": .string("x")]))
        let drop = try #require(tooLong.droppedReplies?.first)
        #expect(tooLong.droppedReplies?.count == 1)
        #expect(drop.reason == .tooLong)
        #expect(drop.template.hasPrefix("Sorry about the kettle, {author}."))
        #expect(drop.length == 106 && drop.limit == 60 && drop.platform == "x")
        #expect(drop.detail == "106 characters, over reply_max 60 for platform x")
        #expect(drop.origin.item == "replies of rule complaint.kettle")
        #expect(tooLong.verdict.suggestions == ["Sorry, @ana. DM us?"])

        let missing = engine.explain(Comment(id: "1", text: "my kettle"))
        #expect(missing.verdict.suggestions.isEmpty)
        #expect(missing.droppedReplies?.map(\.reason) == [.missingValue, .missingValue])
        #expect(missing.droppedReplies?.map(\.variable) == ["author", "author"])
        #expect(missing.droppedReplies?.first?.detail == "{author} has no value and no fallback")
        // Nothing dropped: the member is left out.
        #expect(engine.explain(Comment(id: "2", text: "thanks")).droppedReplies == nil)
    }

    @Test func badSettingsAreErrorsAtTheirPlace() {
        let cases: [(String, String, String)] = [
            ("pack:\n  name: a\n  greeting_fallback: [friend]\n", "brand.yaml:4:22", "'greeting_fallback' in 'pack' must be a string"),
            ("pack:\n  name: a\n  greeting_fallback: \" \"\n", "brand.yaml:4:22", "'greeting_fallback' in 'pack' must not be empty"),
            ("pack:\n  name: a\n  sign_off: \"^{brnd}\"\n", "brand.yaml:4:16", "unknown template variable 'brnd' in 'sign_off' in 'pack'"),
            ("pack:\n  name: a\n  reply_max: 280\n", "brand.yaml:4:14", "'reply_max' in 'pack' must be a mapping"),
            ("pack:\n  name: a\n  reply_max: {x: \"280\"}\n", "brand.yaml:4:18", "'reply_max' for 'x' must be a whole number of characters"),
            ("pack:\n  name: a\n  reply_max: {x: 0}\n", "brand.yaml:4:18", "'reply_max' for 'x' must be at least 1"),
            ("pack:\n  name: a\n  reply_max: {x: 280, X: 140}\n", "brand.yaml:4:23", "platform 'x' appears twice in 'reply_max'"),
            ("pack:\n  name: a\n  signoff: \"^AK\"\n", "brand.yaml:4:3", "unknown key 'signoff' in 'pack'"),
        ]
        for (pack, place, message) in cases {
            let found = Self.diagnostics("rapport: 1\n" + pack + Self.rules).filter { $0.severity == .error }
            #expect(found.count == 1, "\(pack)")
            #expect(found.first.map { "\($0.file):\($0.line):\($0.column)" } == place, "\(pack)")
            #expect(found.first?.message.hasPrefix(message) == true, "\(String(describing: found.first?.message))")
        }
        #expect(
            Self.diagnostics("rapport: 1\npack:\n  name: a\n  signoff: x\n" + Self.rules).first { $0.severity == .error }?.hint == "did you mean 'sign_off'?")
    }

    @Test func lintWarnsAboutRepliesThatCanExceedALimitWithTheirPlace() {
        let warnings = Self.diagnostics(
            "rapport: 1\npack: {name: a, greeting_fallback: friend, sign_off: \"^AK\", reply_max: {x: 60, threads: 500}}\n" + Self.rules)
        let long = warnings.filter { $0.code == .replyTooLong }
        #expect(long.count == 1)
        #expect(long.first.map { "\($0.line):\($0.column)" } == "9:10")
        #expect(
            long.first?.message
                == "this reply is at least 106 characters with the sign-off, over reply_max for x (60): it is never offered there")
        // A reply that fits on its own text but not with a long author.
        let tight = Self.diagnostics("rapport: 1\npack: {name: a, greeting_fallback: friend, reply_max: {x: 25}}\n" + Self.rules).filter {
            $0.code == .replyTooLong
        }
        #expect(tight.map(\.line) == [9, 10])
        #expect(
            tight.last?.message
                == "this reply can be 31 characters (counting 16 for {author}), over reply_max for x (25): it is dropped there when the values are long")
        #expect(!Self.diagnostics("rapport: 1\npack: {name: a, reply_max: {x: 280}}\n" + Self.rules).contains { $0.code == .replyTooLong })
    }

    @Test func lintWarnsAboutTemplatesThatMayRenderWithAMissingValue() {
        let warnings = Self.diagnostics("rapport: 1\npack: {name: a}\n" + Self.rules).filter { $0.code == .replyMissingValue }
        // Both replies of complaint.kettle use {author} without a fallback; {author|there} has one.
        #expect(warnings.map { "\($0.line):\($0.column)" } == ["9:34", "10:17"])
        #expect(warnings.first?.message == "{author} has no fallback and a comment may have no author: the reply is dropped when it has no value")
        #expect(warnings.first?.hint == "set 'greeting_fallback' in 'pack', or write {author|there} with a fallback")
        #expect(!Self.diagnostics("rapport: 1\npack: {name: a, greeting_fallback: friend}\n" + Self.rules).contains { $0.code == .replyMissingValue })
        // {brand} without a brand, a field, and {match} in a rule without patterns; {label} and {match} of a matching rule always have a value.
        let more = Self.diagnostics(
            """
            rapport: 1
            pack: {name: a, sign_off: "{brand}"}
            replies:
              complaint: ["About {match}: sorry ({platform}, {label})"]
            rules:
              - id: complaint.x
                label: complaint
                match: [broken]
                reply: ["{match}? {label}"]
                examples: {fire: [broken]}
              - id: escalate.y
                when: "likes > 5"
                escalate: {level: low, route: r, reason: R}
                reply: ["{match} {field.likes|0}"]

            """
        ).filter { $0.code == .replyMissingValue }
        #expect(
            more.map { "\($0.line):\($0.column) \($0.message.prefix(10))" } == ["2:28 {brand} ha", "4:22 {match} ha", "4:38 {platform}", "14:14 {match} ha"])
    }

    @Test func aHigherLayersPackSettingsReplaceTheLowerOnes() throws {
        let base = PackLayer(
            name: "brand", files: [("brand.yaml", "rapport: 1\npack: {name: brand, greeting_fallback: friend, reply_max: {x: 60}}\n" + Self.rules)])
        let brandOnly = try Engine.load(layers: [base], overDefault: false)
        #expect(brandOnly.classify(Comment(id: "1", text: "my kettle", fields: ["platform": .string("x")])).suggestions == ["Sorry, friend. DM us?"])
        // The campaign's `pack:` replaces all the settings: its own limit, and no greeting fallback unless it says so.
        let campaign = PackLayer(
            name: "campaign", files: [("campaign.yaml", "rapport: 1\npack: {name: campaign, greeting_fallback: pal, reply_max: {x: 10}}\n")])
        let stacked = try Engine.load(layers: [base, campaign], overDefault: false)
        #expect(stacked.pack.settings.replyMax == ["x": 10])
        #expect(stacked.classify(Comment(id: "1", text: "my kettle", fields: ["platform": .string("x")])).suggestions.isEmpty)
        #expect(stacked.classify(Comment(id: "1", text: "my kettle")).suggestions.contains("Sorry, pal. DM us?"))
    }

    @Test func theDefaultPackLimitsRepliesTo280AndLintsWithoutTheseWarnings() throws {
        let engine = try Engine(pack: RulePack.load(layers: [], overDefault: true))
        #expect(engine.pack.settings.greetingFallback == nil && engine.pack.settings.signOff == nil)
        #expect(engine.pack.settings.replyMax == ["default": 280])
        // A crisis hand-off to a long display name is written "Hi there, …" and stays within 280.
        let name = String(repeating: "Bartholomew ", count: 6)
        let crisis = engine.classify(Comment(id: "1", text: "I want to end it all tonight", author: name))
        #expect(crisis.escalation?.route == "crisis")
        #expect(!crisis.suggestions.isEmpty && crisis.suggestions.allSatisfy { $0.unicodeScalars.count <= 280 && $0.hasPrefix("Hi there,") })
        #expect(!engine.diagnostics.contains { $0.code == .replyTooLong || $0.code == .replyMissingValue })
        // Its replies are written for X: a brand layer limiting x to 280 with a short sign-off keeps every one.
        let layer = PackLayer(name: "brand", files: [("brand.yaml", "rapport: 1\npack: {name: b, brand: us, sign_off: \"^AK\", reply_max: {x: 280}}\n")])
        let branded = try RulePack.load(layers: [layer], overDefault: true)
        #expect(!branded.warnings.contains { $0.code == .replyTooLong })
    }
}
