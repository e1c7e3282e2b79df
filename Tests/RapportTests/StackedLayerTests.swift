import Testing
import Rapport

/// Stacked layers (`RulePack.load(layers:overDefault:)`): redefinition, `patch:`, `disable:`, list
/// edits, the lint checks of each, and the order of replies by layer.
@Suite("Stacked layers")
struct StackedLayerTests {
    static let base = """
        rapport: 1
        lists:
          parcel: [order, parcel]
          negators: [not, never]
        rules:
          - id: complaint.late
            label: complaint
            weight: 2
            match: ["where is my <parcel>", "<parcel> {0,3} late"]
            reply: ["Base: sorry it is late."]
          - id: complaint.broken
            label: complaint
            match: ["broken"]
            reply: ["Base: sorry it broke."]
          - id: escalate.legal
            label: complaint
            match: ["lawyer"]
            escalate: {level: high, route: legal, reason: Legal threat}
            reply: ["Base: our legal team will look."]
          - id: praise.thanks
            label: praise
            match: ["thanks"]
        """

    static func layer(_ name: String, _ text: String) -> PackLayer {
        PackLayer(name: name, files: [(name: "\(name)/pack.yaml", text: "rapport: 1\n" + text)])
    }

    /// The base layer with `layers` stacked over it.
    static func stack(_ layers: [PackLayer]) -> [PackLayer] {
        [layer("base", String(base.dropFirst("rapport: 1\n".count)))] + layers
    }

    static func load(_ layers: [PackLayer]) throws -> RulePack {
        try RulePack.load(layers: stack(layers), overDefault: false)
    }

    static func errors(_ layers: [PackLayer]) -> [Diagnostic] {
        do throws(RulePackError) {
            _ = try RulePack.load(layers: stack(layers), overDefault: false)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func aHigherLayerReplacesTheSameIDAndDuplicatesWithinALayerStayErrors() throws {
        let brand = Self.layer(
            "brand",
            """
            rules:
              - id: complaint.broken
                label: complaint
                match: ["faulty"]
            """)
        let campaign = Self.layer(
            "campaign",
            """
            rules:
              - id: complaint.broken
                label: complaint
                weight: 3
                match: ["cracked"]
            """)
        let pack = try Self.load([brand, campaign])
        let rule = try #require(pack.rules.first { $0.id == "complaint.broken" })
        #expect(rule.match.map(\.source) == ["cracked"] && rule.weight == 3 && rule.layer == 2)
        #expect(pack.provenance.layers == ["base", "brand", "campaign"])
        #expect(pack.provenance.name(ofLayer: rule.layer) == "campaign")

        let twice = Self.layer(
            "brand",
            """
            rules:
              - id: complaint.x
                label: complaint
                match: ["a"]
              - id: complaint.x
                label: complaint
                match: ["b"]
            """)
        #expect(Self.errors([twice]).map(\.code) == [.duplicateRuleID])
    }

    @Test func aLayerMayUseListsBelowButNotAbove() throws {
        let brand = Self.layer(
            "brand",
            """
            rules:
              - id: complaint.box
                label: complaint
                match: ["<parcel> <boxes>"]
            """)
        let campaign = Self.layer(
            "campaign",
            """
            lists:
              boxes: [box]
            """)
        let errors = Self.errors([brand, campaign])
        #expect(errors.map(\.code) == [.undefinedList])
        #expect(errors.first?.message.contains("defined only in a layer above") == true)
        #expect(errors.first.map { "\($0.file):\($0.line):\($0.column)" } == "brand/pack.yaml:5:24")
    }

    @Test func disableTakesIDsAndGlobsOfLowerLayers() throws {
        let pack = try Self.load([Self.layer("brand", "disable: [escalate.legal, complaint.*]\n")])
        #expect(pack.rules.map(\.id) == ["praise.thanks"])
        #expect(pack.provenance.disabled.map(\.rule) == ["escalate.legal", "complaint.late", "complaint.broken"])
        #expect(pack.provenance.disabled.first?.location.file == "brand/pack.yaml")

        let typo = Self.errors([Self.layer("brand", "disable: [escalate.legl, question.*]\n")])
        #expect(typo.map(\.code) == [.unknownRule, .unknownRule])
        #expect(typo[0].hint == "did you mean 'escalate.legal'?")
        #expect("\(typo[0].file):\(typo[0].line):\(typo[0].column)" == "brand/pack.yaml:2:11")
        #expect(typo[1].message.contains("matches no rule"))
    }

    @Test func aHigherLayerMayBringADisabledRuleBack() throws {
        let brand = Self.layer("brand", "disable: [complaint.broken]\n")
        let campaign = Self.layer(
            "campaign",
            """
            rules:
              - id: complaint.broken
                label: complaint
                match: ["smashed"]
            """)
        let pack = try Self.load([brand, campaign])
        #expect(pack.rules.first { $0.id == "complaint.broken" }?.match.map(\.source) == ["smashed"])
    }

    @Test func patchChangesOnlyTheKeysGiven() throws {
        let brand = Self.layer(
            "brand",
            """
            patch:
              rules:
                complaint.late:
                  reply: ["Brand: DM us the order number."]
                  add_match: ["<parcel> {0,3} missing"]
                  remove_match: ["<parcel>   {0,3} LATE"]
                  examples: {fire: ["my order is missing"]}
                complaint.broken:
                  escalate: {level: medium, route: repairs, reason: Broken item}
                  when: "author.followers >= 10"
              lists:
                parcel: {extend: [box], remove: [order]}
            """)
        let pack = try Self.load([brand])
        let late = try #require(pack.rules.first { $0.id == "complaint.late" })
        #expect(late.weight == 2 && late.label == .complaint)
        #expect(late.match.map(\.source) == ["where is my <parcel>", "<parcel> {0,3} missing"])
        #expect(late.reply.map(\.source) == ["Brand: DM us the order number."])
        #expect(late.examples.fire.map(\.text) == ["my order is missing"] && late.layer == 1)
        let broken = try #require(pack.rules.first { $0.id == "complaint.broken" })
        #expect(broken.escalate?.route == "repairs" && broken.when?.source == "author.followers >= 10")
        #expect(broken.reply.map(\.source) == ["Base: sorry it broke."])
        #expect(pack.lists["parcel"]?.entries == ["parcel", "box"])
        #expect(pack.provenance.rulePatches["complaint.late"]?.first?.file == "brand/pack.yaml")

        let engine = try Engine(pack: pack)
        #expect(engine.classify(Comment(id: "1", text: "my box is missing")).rules == ["complaint.late"])
        #expect(engine.classify(Comment(id: "2", text: "my parcel is late")).rules == [])
    }

    @Test func patchTargetsAreCheckedWithDidYouMean() throws {
        let errors = Self.errors([
            Self.layer(
                "brand",
                """
                patch:
                  rules:
                    complaint.lat: {weight: 3}
                    complaint.broken: {remove_match: ["brokn"]}
                  lists:
                    parcels: {extend: [box]}
                    parcel: {remove: [ordr]}
                """)
        ])
        #expect(errors.map(\.code) == [.unknownRule, .invalidValue, .undefinedList, .invalidValue])
        #expect(errors.map(\.hint) == ["did you mean 'complaint.late'?", "did you mean 'broken'?", "did you mean 'parcel'?", "did you mean 'order'?"])
        #expect(errors.map { "\($0.line):\($0.column)" } == ["4:5", "5:39", "7:5", "8:23"])
    }

    @Test func patchSetsTagsAndRouteAndRefusesARouteOnAnEscalation() throws {
        let brand = Self.layer(
            "brand",
            """
            patch:
              rules:
                complaint.late: {tags: [delivery, sla], route: logistics}
                complaint.broken: {tags: [quality]}
            """)
        let pack = try Self.load([brand])
        let late = try #require(pack.rules.first { $0.id == "complaint.late" })
        #expect(late.tags == ["delivery", "sla"] && late.route == "logistics" && late.weight == 2)
        let engine = try Engine(pack: pack)
        let verdict = engine.classify(Comment(id: "1", text: "where is my parcel"))
        #expect(verdict.tags == ["delivery", "sla"] && verdict.route == "logistics")
        #expect(engine.classify(Comment(id: "2", text: "it arrived broken")).tags == ["quality"])

        // A rule that escalates is routed by its escalation; a patch that adds an escalation drops
        // the rule-level route.
        let campaign = Self.layer(
            "campaign",
            """
            patch:
              rules:
                escalate.legal: {route: legal-ops}
                complaint.late: {escalate: {level: low, route: delivery-desk, reason: Late}, route: ignored}
            """)
        let errors = Self.errors([campaign])
        #expect(errors.map(\.code) == [.invalidValue, .invalidValue])
        #expect(errors.map { "\($0.line):\($0.column)" } == ["4:29", "5:89"])
        let readdressed = try Self.load([
            brand,
            Self.layer(
                "campaign",
                """
                patch:
                  rules:
                    complaint.late: {escalate: {level: low, route: delivery-desk, reason: Late}}
                """),
        ])
        let escalated = try #require(readdressed.rules.first { $0.id == "complaint.late" })
        #expect(escalated.route == nil && escalated.escalate?.route == "delivery-desk" && escalated.tags == ["delivery", "sla"])
    }

    @Test func thePatchFormatRapportTuneWritesStillLoads() throws {
        let pack = try Self.load([
            Self.layer(
                "tuned",
                """
                patch:
                  threshold: 1.5
                  rules:
                    complaint.late: {weight: 2.75}   # hits 12, precision 0.9, was 2
                """)
        ])
        #expect(pack.settings.threshold == 1.5 && pack.rules.first?.weight == 2.75)
    }

    /// Replies: the highest layer's fired rules first, whatever their weight; within a layer the
    /// escalation first, then by weight.
    @Test func repliesOfTheHighestLayerComeFirst() throws {
        let brand = Self.layer(
            "brand",
            """
            rules:
              - id: complaint.brand-late
                label: complaint
                weight: 0.5
                match: ["still waiting"]
                reply: ["Brand: we are on it."]
            """)
        let engine = try Engine(pack: try Self.load([brand]))
        let both = engine.classify(Comment(id: "1", text: "where is my parcel, still waiting, lawyer next"))
        #expect(both.suggestions == ["Brand: we are on it.", "Base: our legal team will look.", "Base: sorry it is late."])
        let explanation = engine.explain(Comment(id: "1", text: "where is my parcel, still waiting, lawyer next"))
        #expect(explanation.replyOrigins.map(\.layer) == ["brand", "base", "base"])
        #expect(explanation.replyOrigins.first?.item == "replies of rule complaint.brand-late")
        #expect(explanation.origins.map(\.item) == explanation.verdict.rules.map { "rule \($0)" })
        #expect(explanation.origins.first { $0.item == "rule complaint.brand-late" }?.location == "brand/pack.yaml:3:5")

        let single = try Engine(pack: try Self.load([]))
        #expect(
            single.classify(Comment(id: "1", text: "where is my parcel, lawyer next")).suggestions
                == ["Base: our legal team will look.", "Base: sorry it is late."])
    }
}
