internal import Foundation
internal import RapportYAML
import RapportSupport

extension RulePack {
    /// Loads a pack from a directory of `.yaml`/`.yml` files (read in name order) or from one file.
    ///
    /// Every problem of every file is reported at once: the thrown ``RulePackError`` holds all
    /// diagnostics, errors and warnings, sorted. A successful load keeps its warnings in ``warnings``.
    public static func load(from path: String, limits: PackLimits = .default) throws(RulePackError) -> RulePack {
        try load(paths: [path], limits: limits)
    }

    /// Loads several packs (directories or files) as one; a rule id used twice, across them or
    /// within one, is an error, and so are two `pack:` sections.
    public static func load(paths: [String], limits: PackLimits = .default) throws(RulePackError) -> RulePack {
        var files: [RuleFile] = []
        var readErrors: [Diagnostic] = []
        for path in paths {
            let (found, problem) = RuleFiles.collect(path, maxFileBytes: limits.maxFileBytes)
            files += found
            if let problem { readErrors.append(problem) }
        }
        return try load(files: files, extraDiagnostics: readErrors, limits: limits, layers: [paths.joined(separator: ", ")])
    }

    /// Loads the packs at `paths` as stacked layers, each path one layer, over the embedded default
    /// pack (the bottom layer, named `default`) when `overDefault`.
    ///
    /// A layer may use the lists of the layers below it, and may redefine what they define: its
    /// `pack:` settings, a list, a label's replies or a rule (by id) replace theirs; its `patch:`
    /// changes their rules and lists key by key and its `disable:` removes their rules. Within one
    /// layer, defining something twice is still an error. With no paths this is the default pack
    /// itself (or, without `overDefault`, an error). ``RulePack/provenance`` names each layer.
    public static func load(paths: [String], overDefault: Bool, limits: PackLimits = .default) throws(RulePackError) -> RulePack {
        if overDefault, paths.isEmpty, limits == .default { return .default }
        var files = overDefault ? defaultRuleFiles : []
        var layers = overDefault ? [defaultLayerName] : []
        var readErrors: [Diagnostic] = []
        for path in paths {
            let (found, problem) = RuleFiles.collect(path, maxFileBytes: limits.maxFileBytes)
            let layer = layers.count
            files += found.map {
                var file = $0; file.layer = layer; return file
            }
            layers.append(path)
            if let problem { readErrors.append(problem) }
        }
        return try load(files: files, extraDiagnostics: readErrors, limits: limits, layers: layers)
    }

    /// The name of the embedded default pack as a layer.
    public static let defaultLayerName = "default"

    /// The embedded default pack's files, as layer 0.
    static var defaultRuleFiles: [RuleFile] {
        defaultFiles.map { RuleFile(name: $0.name, text: $0.text, bytes: Array($0.text.utf8)) }
    }

    /// Loads a pack from in-memory files: each a name used in diagnostics and the file's text.
    public static func load(files: [(name: String, text: String)], limits: PackLimits = .default) throws(RulePackError) -> RulePack {
        try load(files: files.map { RuleFile(name: $0.name, text: $0.text, bytes: Array($0.text.utf8)) }, extraDiagnostics: [], limits: limits)
    }

    /// - Parameter serially: parse and decode the files one after another on this thread (tests compare
    ///   it with the parallel way, which must give the same pack and diagnostics).
    static func load(
        files: [RuleFile], extraDiagnostics: [Diagnostic], limits: PackLimits = .default,
        layers: [String] = [], serially: Bool = false
    ) throws(RulePackError) -> RulePack {
        var diagnostics = extraDiagnostics
        var fragments: [PackFragment] = []
        var assembler = PackAssembler()
        assembler.incomplete = !extraDiagnostics.isEmpty
        if files.isEmpty, extraDiagnostics.isEmpty {
            throw RulePackError(diagnostics: [
                Diagnostic(
                    .error, DiagnosticCode.emptyPack, "no rule files were given",
                    at: SourceLocation(file: "<pack>", line: 1, column: 1))
            ])
        }
        // Each file's `labels:` first: a file may use the labels declared in its own layer and below. Files are
        // parsed, and then decoded, on all cores at once (each only reads its own bytes and tree); the results
        // and their diagnostics are taken in file order, so nothing depends on which core ran which file.
        let costs = files.map(\.bytes.count)
        let parses = ParallelMap.map(count: files.count, costs: costs, serially: serially) {
            index -> (decoder: PackFileDecoder, root: Result<Node?, YAMLError>) in
            let file = files[index]
            var decoder = PackFileDecoder(file: file.name, text: file.text)
            decoder.fragment.layer = file.layer
            decoder.limits = limits
            do throws(YAMLError) {
                let root = try YAMLParser.parse(bytes: file.bytes, limits: limits.yaml)
                decoder.declareLabels(root)
                return (decoder, .success(root))
            } catch {
                return (decoder, .failure(error))
            }
        }
        var parsed: [(decoder: PackFileDecoder, root: Node?, cost: Int)] = []
        for (index, (decoder, root)) in parses.enumerated() {
            switch root {
            case .success(let root): parsed.append((decoder, root, costs[index]))
            case .failure(let error):
                diagnostics.append(Diagnostic(yaml: error, file: files[index].name))
                assembler.incomplete = true
            }
        }
        for index in parsed.indices {
            let layer = parsed[index].decoder.fragment.layer
            for (other, _, _) in parsed where other.fragment.layer <= layer {
                for (label, _) in other.fragment.labels where !parsed[index].decoder.knownLabels.contains(label) {
                    parsed[index].decoder.knownLabels.append(label)
                }
            }
        }
        let ready = parsed
        let decoded = ParallelMap.map(count: ready.count, costs: ready.map(\.cost), serially: serially) { index in
            var (decoder, root, _) = ready[index]
            decoder.decode(root)
            return decoder
        }
        for decoder in decoded {
            diagnostics += decoder.diagnostics
            fragments.append(decoder.fragment)
        }
        assembler.otherErrors = diagnostics.contains { $0.severity == .error }
        var pack = assembler.assemble(fragments)
        diagnostics += assembler.diagnostics
        if !assembler.incomplete { diagnostics += pack.voiceWarnings() }
        if pack.rules.count > limits.maxRules {
            diagnostics.append(
                Diagnostic(
                    .error, DiagnosticCode.tooManyRules,
                    "the pack has \(pack.rules.count) rules, more than the limit of \(limits.maxRules)",
                    at: pack.rules[limits.maxRules].location,
                    hint: "the limit can be raised with --limit rules=N"))
        }
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw RulePackError(diagnostics: diagnostics)
        }
        pack.warnings = diagnostics.sorted()
        pack.provenance.layers = layers
        return pack
    }

    /// The embedded default pack (built from `rules/`). A broken embedded pack is a bug in this build.
    public static let `default`: RulePack = {
        do throws(RulePackError) {
            return try load(files: defaultRuleFiles, extraDiagnostics: [], layers: [defaultLayerName])
        } catch {
            fatalError("the embedded rule pack does not load:\n\(error.description)")
        }
    }()
}

extension Diagnostic {
    /// A diagnostic for a YAML error in `file`, with libyaml's context when it gave one.
    init(yaml error: YAMLError, file: String) {
        let code: DiagnosticCode =
            switch error.kind {
            case .duplicateKey: DiagnosticCode.duplicateKey
            case .encoding: DiagnosticCode.yamlEncoding
            case .aliasBudget, .tooDeep, .tooLarge: DiagnosticCode.yamlLimit
            case .syntax, .undefinedAlias, .multipleDocuments, .badMerge, .tagMismatch: DiagnosticCode.yamlSyntax
            }
        let message = error.kind == .syntax ? "invalid YAML: \(error.message)" : error.message
        let limit: String? =
            switch error.kind {
            case .aliasBudget: error.problem.hasSuffix("bytes of text; is this an alias bomb?") ? "alias-bytes" : "alias-nodes"
            case .tooDeep: "yaml-depth"
            case .tooLarge: error.problem.hasPrefix("scalar") ? "scalar-bytes" : error.problem.hasPrefix("input") ? "rule-file-bytes" : nil
            default: nil
            }
        self.init(
            .error, code, message, at: SourceLocation(file: file, line: error.mark.line, column: error.mark.column),
            hint: limit.map { "the limit can be raised with --limit \($0)=N" })
    }
}

/// One rule file: its name in diagnostics, its text, and the bytes it was read from.
struct RuleFile {
    var name: String
    /// The text for locating columns (invalid UTF-8 replaced).
    var text: String
    /// The exact bytes parsed, so an encoding error points at the broken sequence.
    var bytes: [UInt8]
    /// The layer the file belongs to: 0 for the bottom pack, counting up (see ``RulePack/load(paths:overDefault:limits:)``).
    var layer = 0
}

/// Finding and reading rule files.
enum RuleFiles {
    /// The `.yaml`/`.yml` files of a directory in name order, or the one file at `path`.
    static func collect(_ path: String, maxFileBytes: Int) -> (files: [RuleFile], problem: Diagnostic?) {
        let start = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return ([], Diagnostic(.error, DiagnosticCode.io, "no such file or directory", at: start))
        }
        guard isDirectory.boolValue else {
            let (file, problem) = read(path, maxFileBytes: maxFileBytes)
            return (file.map { [$0] } ?? [], problem)
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return ([], Diagnostic(.error, DiagnosticCode.io, "cannot list the directory", at: start))
        }
        let yamlNames = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
        guard !yamlNames.isEmpty else {
            return ([], Diagnostic(.error, DiagnosticCode.emptyPack, "directory holds no .yaml or .yml rule files", at: start))
        }
        var files: [RuleFile] = []
        for name in yamlNames {
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            let (file, problem) = read(full, maxFileBytes: maxFileBytes)
            if let file { files.append(file) }
            if let problem { return (files, problem) }
        }
        return (files, nil)
    }

    /// Reads one rule file, refusing (before reading) a file larger than `maxFileBytes`.
    static func read(_ path: String, maxFileBytes: Int) -> (file: RuleFile?, problem: Diagnostic?) {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
            return (
                nil,
                Diagnostic(
                    .error, DiagnosticCode.yamlLimit, "the file is \(size) bytes, more than the limit of \(maxFileBytes)",
                    at: SourceLocation(file: path, line: 1, column: 1), hint: "the limit can be raised with --limit rule-file-bytes=N")
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, Diagnostic(.error, DiagnosticCode.io, "cannot read the file", at: SourceLocation(file: path, line: 1, column: 1)))
        }
        let bytes = [UInt8](data)
        return (RuleFile(name: path, text: String(decoding: bytes, as: UTF8.self), bytes: bytes), nil)
    }
}
