import ArgumentParser
import Foundation
import Rapport

/// `rapport lexicon`: fits learned term weights next to a pack's rules and writes them as a rule file.
struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Fit a lexicon (learned term weights) to comments labelled by people, next to a pack's rules.",
        discussion: """
            Each data file is a set of its own. Write FILE=LABELS to compare only those labels in it, as \
            `eval --labels` does: its other labels then mean "any label but these" (a complaints-only set \
            teaches complaint against the rest, and says nothing about question against praise). Without \
            =LABELS, --labels applies, else every label is compared.

            The model is a logistic regression over the four labels whose fixed part is the pack's rule \
            scores (any lexicon the pack has is left out), so the written lexicon adds to those rules; \
            every set weighs the same, and a term must occur in --min-count comments of at least \
            --min-sets sets. Put the file in place of the pack's lexicon, or load it as a layer: a layer's \
            lexicon replaces the one below it. Measure it on data it was not fitted on (`rapport eval \
            --rules FILE`): figures on the fitting data flatter it. The same data, pack and options give \
            the same file byte for byte.

              rapport lexicon complaints.csv=complaint questions.csv=question care.csv -o lexicon.yaml
              rapport eval held-out.csv --rules lexicon.yaml

            By default the lexicon is fitted online (AdaGrad, --epochs passes in the order --seed shuffles): \
            another seed moves a few labels in a hundred. --converged minimises the same loss plus \
            λ/2·Σw² over the term weights (λ is --l2, default \(LexiconTrainingOptions().convergedL2)) over every comment at \
            once (L-BFGS, to a gradient norm of \(LexiconTrainingOptions().tolerance)): no seed, no epochs, the same weights \
            whatever the order of the comments or files, so a refit after a rule change depends on the rules \
            and the data alone. --min-weight leaves out terms whose weights are all smaller.

              rapport lexicon --converged complaints.csv=complaint questions.csv=question care.csv -o lexicon.yaml

            With --escalations it fits an escalation model instead: which comments no rule escalates \
            a person should still see, and on which route. Files with an escalation field (none, medium, \
            high, critical) and a route field teach both; a file without one teaches "not escalated", \
            except for the comments the pack's rules escalate, which are left out. Its --min-count and \
            --min-sets default to 3 and 2; --at sets the probability at which the model escalates, \
            --caution the one from which a comment gets its route's caution replies (`caution:` under \
            `replies:`) without being escalated, --prefer ROUTE=MARGIN (repeatable) a route an \
            escalation goes to when its column sums within MARGIN of the highest route's (`prefer:`), \
            --route-at ROUTE=P (repeatable) a route's own threshold in place of --at (`route_at:`), and \
            --caution-lead ROUTE=LEAD (repeatable) how far a route's column must sum above every other \
            route's for its caution replies to be offered (`caution_lead:`).

              rapport lexicon --escalations care.csv team-escalations.csv tweets.csv -o escalation-model.yaml

            Exit codes: 0 written · 2 a rule pack has errors · 64 usage · 65 unusable data · 66 unreadable file · 74 cannot write -o
            """
    )

    @Argument(help: ArgumentHelp("Labelled data files (CSV with a header row, or JSON Lines), each FILE or FILE=LABELS.", valueName: "file"))
    var files: [String]

    @OptionGroup var data: LabelledDataOptions

    @OptionGroup var rules: RuleOptions

    @Option(help: ArgumentHelp("A term must occur in at least this many comments (default 10; 8 with --escalations).", valueName: "n"))
    var minCount: Int?

    @Option(help: ArgumentHelp("...and in at least this many of the data files (default 3; 2 with --escalations).", valueName: "n"))
    var minSets: Int?

    @Option(
        help: ArgumentHelp(
            "L2 regularisation strength (default 0.1 per visit; with --converged the λ of λ/2·Σw², default \(LexiconTrainingOptions().convergedL2); 0.001 with --escalations).",
            valueName: "x"))
    var l2: Double?

    @Option(help: ArgumentHelp("Passes over the data (default 10; 20 with --escalations; not used by a converged lexicon).", valueName: "n"))
    var epochs: Int?

    @Option(help: ArgumentHelp("With --escalations: L1 regularisation strength (larger keeps fewer terms).", valueName: "x"))
    var l1 = EscalationModelOptions().l1

    @Flag(
        help: ArgumentHelp(
            "Solve to convergence instead of fitting online: the lexicon by L-BFGS with L2 --l2 on the term weights (no seed, no epochs; the same data give the same weights whatever their order); with --escalations, whether to escalate (L2, coordinate descent), the routes still online."
        ))
    var converged = false

    @Option(
        name: .customLong("escalate-l2"),
        help: ArgumentHelp("With --escalations --converged: L2 regularisation strength of the 'escalate' column (larger shrinks harder).", valueName: "x"))
    var escalateL2 = EscalationModelOptions().escalateL2

    @Option(help: ArgumentHelp("With --escalations: a term in more than this share of the comments is left out.", valueName: "share"))
    var maxShare = EscalationModelOptions().maxShare

    @Option(help: ArgumentHelp("With --escalations: a term in more than this share of the comments gets no route weights.", valueName: "share"))
    var routeMaxShare: Double?

    @Option(
        help: ArgumentHelp(
            "A term whose weights are all smaller than this (in score units) is left out (default \(LexiconTrainingOptions().minWeight)); with --escalations, whose 'escalate' weight is (default \(EscalationModelOptions().minWeight)). Larger keeps fewer terms.",
            valueName: "x"))
    var minWeight: Double?

    @Flag(help: ArgumentHelp("Fit an escalation model (the 'escalation_model:' section) instead of a label lexicon."))
    var escalations = false

    @Option(help: ArgumentHelp("With --escalations: the probability at or above which the model escalates.", valueName: "p"))
    var at = EscalationModelOptions().threshold

    @Option(
        help: ArgumentHelp(
            "With --escalations: the probability from which (up to --at) a comment gets its route's caution replies instead of being escalated.",
            valueName: "p"))
    var caution: Double?

    @Option(
        help: ArgumentHelp(
            "With --escalations: a route an escalation goes to when its column sums within MARGIN of the highest route's (repeatable).",
            valueName: "route=margin"))
    var prefer: [String] = []

    @Option(
        name: .customLong("route-at"),
        help: ArgumentHelp(
            "With --escalations: a route's own threshold, used instead of --at when the route sums highest (repeatable).",
            valueName: "route=p"))
    var routeAt: [String] = []

    @Option(
        name: .customLong("caution-lead"),
        help: ArgumentHelp(
            "With --escalations: a route whose caution replies are offered only when its column sums at least LEAD above every other route's (repeatable).",
            valueName: "route=lead"))
    var cautionLead: [String] = []

    @Option(help: ArgumentHelp("How much each data set weighs in total: equal, sqrt (of its size) or size.", valueName: "how"))
    var balance = LexiconTrainingOptions.Balance.equal

    @Option(help: ArgumentHelp("Seed of the order comments are visited in (not used by a converged lexicon).", valueName: "n"))
    var seed: UInt64 = LexiconTrainingOptions().seed

    @Option(
        name: .customLong("exclude-words"),
        help: ArgumentHelp(
            "A file of words no term may contain, one per line ('#' starts a comment): words that tell which data a comment came from rather than what it says, such as the function words of other languages.",
            valueName: "file"))
    var excludeWords: String?

    @Flag(
        help: ArgumentHelp(
            "Also fit an adjustment of each rule's weight per label (the rules that score on a comment are features too, under the same --min-count and --min-sets); written under 'rules:'."
        ))
    var ruleWeights = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the lexicon.", valueName: "lexicon.yaml"))
    var output: String

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one labelled data file") }
        if (minCount ?? 1) < 1 || (minSets ?? 1) < 1 || (epochs ?? 1) < 1 {
            throw ValidationError("--min-count, --min-sets and --epochs must be at least 1")
        }
        if let l2, !(l2 >= 0) { throw ValidationError("--l2 must not be negative") }
        if converged && !escalations {
            if let l2, !(l2 > 0) { throw ValidationError("--l2 must be above 0 with --converged (without a penalty a term of one label grows without end)") }
            if epochs != nil { throw ValidationError("--epochs is not used with --converged: the fit runs until it converges") }
        }
        if !(maxShare > 0 && maxShare <= 1) { throw ValidationError("--max-share must be above 0 and at most 1") }
        if let routeMaxShare, !(routeMaxShare > 0 && routeMaxShare <= 1) { throw ValidationError("--route-max-share must be above 0 and at most 1") }
        if !(l1 >= 0) { throw ValidationError("--l1 must not be negative") }
        if !(escalateL2 > 0) { throw ValidationError("--escalate-l2 must be above 0") }
        if let minWeight, !(minWeight >= 0) { throw ValidationError("--min-weight must not be negative") }
        if !(at > 0 && at <= 1) { throw ValidationError("--at must be a probability above 0 and at most 1") }
        if let caution, !(caution > 0 && caution < at) { throw ValidationError("--caution must be a probability above 0 and below --at") }
        _ = try preferredRoutes()
        _ = try routeThresholds()
        _ = try cautionLeads()
    }

    /// `--prefer ROUTE=MARGIN` options by route.
    func preferredRoutes() throws -> [String: Double] {
        try Self.routeValues(prefer, "--prefer takes ROUTE=MARGIN with a margin of at least 0, e.g. crisis=0.5") { $0 >= 0 && $0.isFinite }
    }

    /// `--route-at ROUTE=P` options by route.
    func routeThresholds() throws -> [String: Double] {
        try Self.routeValues(routeAt, "--route-at takes ROUTE=P with a probability above 0 and at most 1, e.g. crisis=0.7") { $0 > 0 && $0 <= 1 }
    }

    /// `--caution-lead ROUTE=LEAD` options by route.
    func cautionLeads() throws -> [String: Double] {
        try Self.routeValues(cautionLead, "--caution-lead takes ROUTE=LEAD with a lead of at least 0, e.g. crisis=0.5") { $0 >= 0 && $0.isFinite }
    }

    /// `ROUTE=VALUE` items by route; an item without a route, or whose value `accepts` refuses, is a usage
    /// error: `usage`, then the item.
    static func routeValues(_ items: [String], _ usage: String, accepts: (Double) -> Bool) throws -> [String: Double] {
        var routes: [String: Double] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), accepts(value) else {
                throw ValidationError("\(usage), not '\(item)'")
            }
            routes[parts[0]] = value
        }
        return routes
    }

    func run() throws {
        if escalations { return try fitEscalationModel() }
        let minCount = self.minCount ?? LexiconTrainingOptions().minCount, minSets = self.minSets ?? LexiconTrainingOptions().minSources
        let l2 = self.l2 ?? (converged ? LexiconTrainingOptions().convergedL2 : LexiconTrainingOptions().l2)
        let epochs = self.epochs ?? LexiconTrainingOptions().epochs
        let engine = try engineWithout(consequence: "no lexicon was fitted") { $0.lexicon = nil }
        let pack = engine.pack
        var examples: [LexiconExample] = []
        var unmatched = 0
        for (source, argument) in files.enumerated() {
            let (path, labels) = Self.split(argument)
            var options = data
            if let labels { options.labels = labels }
            let dataset = try options.read([path], pack: pack)
            let mapping = try options.mapping(for: dataset)
            for record in dataset.records {
                let wanted = mapping.map(record.label.trimmingCharacters(in: .whitespaces).lowercased())
                let allowed = Label.builtIn.filter { mapping.map($0.rawValue) == wanted }
                if allowed.isEmpty { unmatched += 1; continue }
                examples.append(LexiconExample(comment: record.comment, allowed: allowed, source: source))
            }
        }
        if unmatched > 0 {
            Terminal.error("\(unmatched) records have a label that is no engine label after mapping; they were left out (use --map)")
        }
        guard !examples.isEmpty else {
            Terminal.error("no record has a label the engine can give; no lexicon was fitted")
            throw ExitCode.dataError
        }
        var options = LexiconTrainingOptions()
        options.minCount = minCount
        options.minSources = minSets
        options.converged = converged
        if converged { options.convergedL2 = l2 } else { options.l2 = l2 }
        options.epochs = epochs
        options.seed = seed
        options.balance = balance
        options.ruleFeatures = ruleWeights
        options.minWeight = minWeight ?? options.minWeight
        options.excludedWords = try excludedWords()
        let fit = LexiconTrainer.fit(examples, engine: engine, options: options, file: output)
        let fitting = converged ? "--converged --l2 \(l2)" : "--l2 \(l2) --epochs \(epochs)"
        let seeded = converged ? "" : " --seed \(seed)"
        let pruned = options.minWeight != LexiconTrainingOptions().minWeight ? " --min-weight \(options.minWeight)" : ""
        let names = files.map { URL(fileURLWithPath: Self.split($0).path).lastPathComponent + (Self.split($0).labels.map { "=" + $0 } ?? "") }
        let header = [
            "A lexicon fitted by `rapport lexicon` to \(fit.examples) comments of \(Self.sets(fit.sources)): \(names.joined(separator: ", ")).",
            "Options: --min-count \(minCount) --min-sets \(minSets) \(fitting)\(pruned) --balance \(balance.rawValue)\(seeded)\(excludedWordsOption)"
                + (ruleWeights ? " --rule-weights." : "."),
            "\(fit.lexicon.terms.count + fit.lexicon.rules.count) of \(fit.candidates) candidate terms\(ruleWeights ? " and rules" : "") kept; one unit of rule score weighed \(String(format: "%.3f", fit.scale)).",
            "Each term adds its weights once to a comment that has it; the bias is added to every comment"
                + (ruleWeights ? "; each rule under 'rules' adds its weights to a comment it scores on, beside its own weight." : "."),
        ]
        try writeOutput(PackPrinter.lexiconFile(fit.lexicon, header: header), naming: "the lexicon")
        let leftOut = fit.questionsLeftOut == 0 ? "" : " (and \(fit.questionsLeftOut) the rules call a question, left out: the lexicon never moves those)"
        print("fitted to \(fit.examples) comments of \(Self.sets(fit.sources))\(leftOut)")
        if let solver = fit.solver {
            let ending = solver.converged ? "converged" : "stopped before converging"
            print(
                "\(ending) in \(solver.iterations) L-BFGS iterations: objective \(String(format: "%.4f", solver.objective)), gradient norm \(String(format: "%.2g", solver.gradientNorm))"
            )
            if !solver.converged {
                Terminal.error("the fit did not reach a gradient norm of \(options.tolerance); its weights may move on a refit of other data")
            }
        }
        print(
            "\(fit.candidates) candidate terms (in at least \(minCount) comments of \(Self.sets(min(minSets, fit.sources)))), \(fit.lexicon.terms.count) kept\(ruleWeights ? ", \(fit.lexicon.rules.count) rules weighed" : ""); wrote \(output)"
        )
    }

    /// The pack's engine with the part about to be fitted taken out by `strip` (the fit's fixed part is
    /// the rest of the pack); exits 2 with the diagnostics when the pack has errors.
    /// The words of `--exclude-words`, lowercased (none without the option). An unreadable file, or a line
    /// with more than one word, is an error naming the file (and the line).
    func excludedWords() throws -> Set<String> {
        guard let path = excludeWords else { return [] }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            Terminal.error("\(path): cannot read the file (--exclude-words)")
            throw ExitCode.noInput
        }
        var words = Set<String>()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let word = (line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if word.isEmpty { continue }
            if word.contains(where: \.isWhitespace) {
                Terminal.error("\(path):\(number + 1): one word per line, not '\(word)' (--exclude-words)")
                throw ExitCode.usage
            }
            words.insert(word.lowercased())
        }
        return words
    }

    /// ` --exclude-words FILE` for a fitted file's header, or nothing.
    var excludedWordsOption: String { excludeWords.map { " --exclude-words \(URL(fileURLWithPath: $0).lastPathComponent)" } ?? "" }

    func engineWithout(consequence: String, _ strip: (inout RulePack) -> Void) throws -> Engine {
        var pack = try PackLoading.engine(paths: rules.paths, overDefault: !rules.noDefaultRules, consequence: consequence).pack
        strip(&pack)
        do throws(RulePackError) { return try Engine(pack: pack) } catch {
            Terminal.writeErrorLines(error.diagnostics.map(\.description))
            throw ExitCode.packHasErrors
        }
    }

    /// `--escalations`: fits and writes an escalation model.
    func fitEscalationModel() throws {
        let engine = try engineWithout(consequence: "no escalation model was fitted") { $0.escalationModel = nil }
        let pack = engine.pack
        var examples: [EscalationExample] = []
        var unusable = 0
        var routeless = 0
        for (source, argument) in files.enumerated() {
            let dataset = try data.read([Self.split(argument).path], pack: pack)
            for record in dataset.records {
                guard let given = record.escalation else {
                    examples.append(EscalationExample(comment: record.comment, route: nil, labelled: false, source: source))
                    continue
                }
                if given == "none" {
                    examples.append(EscalationExample(comment: record.comment, route: nil, labelled: true, source: source))
                    continue
                }
                guard let route = record.route, !route.isEmpty else {
                    // People escalated it without naming a route: it teaches whether to escalate, not where.
                    routeless += 1
                    examples.append(
                        EscalationExample(
                            comment: record.comment, route: nil, level: EscalationLevel(rawValue: given), escalated: true, labelled: true, source: source))
                    continue
                }
                guard route != "none", route != EscalationModel.escalateColumn else {
                    unusable += 1
                    continue
                }
                examples.append(
                    EscalationExample(comment: record.comment, route: route, level: EscalationLevel(rawValue: given), labelled: true, source: source))
            }
        }
        if routeless > 0 {
            Terminal.error("\(routeless) escalated records name no route; they teach whether to escalate, not which route")
        }
        if unusable > 0 {
            Terminal.error("\(unusable) escalated records give the route 'none' or 'escalate' (the name of the model's first column); they were left out")
        }
        var options = EscalationModelOptions()
        if let minCount { options.minCount = minCount }
        if let minSets { options.minSources = minSets }
        if let l2 { options.l2 = l2 }
        if let epochs { options.epochs = epochs }
        options.l1 = l1
        options.converged = converged
        options.escalateL2 = escalateL2
        options.maxShare = maxShare
        options.routeMaxShare = routeMaxShare
        options.minWeight = minWeight ?? EscalationModelOptions().minWeight
        options.seed = seed
        options.threshold = at
        options.caution = caution
        options.prefer = try preferredRoutes()
        options.routeThresholds = try routeThresholds()
        options.cautionLeads = try cautionLeads()
        options.excludedWords = try excludedWords()
        let fit = EscalationModelTrainer.fit(examples, engine: engine, options: options, file: output)
        guard fit.escalated > 0, fit.model.routes.count > 0 else {
            Terminal.error("no record was escalated by people (an escalation field other than 'none' with a route); no model was fitted")
            throw ExitCode.dataError
        }
        let names = files.map { URL(fileURLWithPath: Self.split($0).path).lastPathComponent }
        let header = [
            "An escalation model fitted by `rapport lexicon --escalations` to \(fit.examples) comments (\(fit.escalated) escalated) of \(Self.sets(fit.sources)): \(names.joined(separator: ", ")).",
            "Options: --min-count \(options.minCount) --min-sets \(options.minSources) \(options.converged ? "--converged --escalate-l2 \(options.escalateL2) " : "")--l2 \(options.l2) --l1 \(options.l1) --max-share \(options.maxShare)\(options.routeMaxShare.map { " --route-max-share \($0)" } ?? "")\(options.minWeight != EscalationModelOptions().minWeight ? " --min-weight \(options.minWeight)" : "") --epochs \(options.epochs) --at \(options.threshold)\(options.caution.map { " --caution \($0)" } ?? "")\(options.prefer.keys.sorted().map { " --prefer \($0)=\(options.prefer[$0]!)" }.joined())\(options.routeThresholds.keys.sorted().map { " --route-at \($0)=\(options.routeThresholds[$0]!)" }.joined())\(options.cautionLeads.keys.sorted().map { " --caution-lead \($0)=\(options.cautionLeads[$0]!)" }.joined()) --seed \(seed)\(excludedWordsOption).",
            "\(fit.model.terms.count) of \(fit.candidates) candidate terms kept. A comment no rule escalates is escalated when the logistic of its",
            "'escalate' sum (bias plus the weights of the terms it has) is at least 'at' (or the route's 'route_at'), on the route whose column sums highest.",
        ]
        try writeOutput(PackPrinter.escalationModelFile(fit.model, header: header), naming: "the escalation model")
        let leftOut = fit.leftOut == 0 ? "" : " (and \(fit.leftOut) from sets without escalations that the rules escalate, left out)"
        print("fitted to \(fit.examples) comments of \(Self.sets(fit.sources)), \(fit.escalated) escalated by people\(leftOut)")
        print("routes: \(fit.model.routes.joined(separator: ", ")); \(fit.candidates) candidate terms, \(fit.model.terms.count) kept; wrote \(output)")
    }

    /// Writes the fitted file to `-o` in one step (a reader never sees half of it); exits 74 naming the
    /// path when it cannot.
    func writeOutput(_ text: String, naming what: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            Terminal.error("\(output): cannot write \(what): \(error.localizedDescription)")
            throw ExitCode.outputFailed
        }
    }

    static func sets(_ count: Int) -> String { count == 1 ? "1 set" : "\(count) sets" }

    /// `FILE=LABELS` split into the path and the labels; a path that exists as written is never split.
    static func split(_ argument: String) -> (path: String, labels: String?) {
        guard !FileManager.default.fileExists(atPath: argument), let equals = argument.lastIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
