import ArgumentParser
import Rapport

/// `rapport init DIR`: a new layer over the default pack to start from, which passes `lint` and `test`.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a rule layer to start from in DIR: pack settings, one rule of each kind with examples, a case and a README.",
        discussion: """
            The layer passes `rapport lint --over-default DIR` and `rapport test --over-default DIR` as \
            written; rename the brand, then edit the rules. DIR is created if needed; existing files are \
            never replaced.
            Exit codes: 0 written, 64 usage error, 73 a file already exists or DIR cannot be written.
            """
    )

    @Argument(help: "The directory of the new layer.")
    var directory: String

    func run() throws {
        try ScaffoldWriter.write([("layer.yaml", Self.layer), ("README.md", Self.readme)], into: directory)
    }

    static let layer = """
        rapport: 1
        # A layer over the embedded default pack, made by `rapport init`.
        # Use it:   rapport classify --rules THIS-DIR comments.jsonl
        # Check it: rapport lint --over-default THIS-DIR && rapport test --over-default THIS-DIR

        # `pack:` in a layer replaces every setting of the layers below: keep the ones you do not change.
        pack:
          name: acme-en
          language: en
          brand: Acme
          threshold: 1.0
          precedence: [complaint, question, praise]

        # Lists are used in patterns as <name>; the default pack's lists (<parcel>, <negators>...) are usable too.
        lists:
          acme-product: [acme app, acme router, acme box]

        rules:
          - id: question.acme-setup
            label: question
            weight: 1.5
            match: ["how [do|can] i {0,3} [set up|setup|install|connect] {0,3} <acme-product>"]
            reply: ["Hi {author|there}, our setup guide walks you through it step by step: acme.example/setup. Stuck on a step? Send us a DM."]
            examples:
              fire: ["how do I set up the acme router?"]
              quiet: ["I set up my acme router yesterday, all good"]

          - id: complaint.acme-no-signal
            label: complaint
            weight: 2
            match: ["no [signal|connection|internet]", "<acme-product> {0,3} [keeps dropping|drops out|won't connect]"]
            reply: ["Sorry about the connection, {author|there}. Could you DM us your postcode so we can check for faults in your area?"]
            examples:
              fire: ["no signal again since this morning", "my acme router keeps dropping"]
              quiet: ["the signal is great today"]

          - id: praise.acme-fast
            label: praise
            weight: 1.5
            match: ["<acme-product> {0,3} [is|are] [fast|quick|brilliant]"]
            reply: ["Thank you, {author|there}! The {brand} team will be glad to hear it."]
            examples:
              fire: ["the acme app is brilliant"]
              quiet: ["the acme app is not fast"]

          - id: escalate.acme-outage
            match: ["[whole|entire] [street|town|area|village] {0,3} [down|offline]"]
            escalate: {level: high, route: network-ops, reason: Possible outage in an area}
            examples:
              fire: ["the whole street has been down since 6am"]
              quiet: ["the street party was great"]

        # Whole comments with what the stack must make of them; a reply of this layer's rules comes first.
        cases:
          - text: "my acme router keeps dropping, no signal all evening"
            label: complaint
            reply_contains: "postcode"

        """

    static let readme = """
        # A Rapport rule layer

        `layer.yaml` is a layer over Rapport's embedded default pack. Layers stack:
        `--rules base/ --rules brand/ --rules campaign/` puts each over the ones before. A layer may
        use the lists of the layers below, replace their rules, lists and replies by id or name,
        change single keys of their rules with `patch:` and remove rules with `disable:`.

        The authoring loop:

        1. Write or change a rule, with `examples: {fire: [...], quiet: [...]}`.
        2. `rapport lint --over-default .` — every problem, with file:line:column.
        3. `rapport test --over-default .` — every example and case of the whole stack.
        4. `rapport explain --rules . "a comment"` — the hits, scores, label, and the layer and file
           of each fired rule and reply; add `--why-not RULE` when a rule stays quiet.
        5. `rapport pack show --rules .` — the effective pack, each item with the layer it came from.
        6. `rapport eval labelled.csv --rules .` (or `--compare .`) — the figures on comments labelled by people.

        `rapport pack export DIR` writes the default pack's files, to read what this layer builds on.

        """
}
