import ArgumentParser
import Logging
import Rapport
import RapportServer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rapport-serve`: the Rapport HTTP service.
@main
struct RapportServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport-serve",
        abstract: "Serve Rapport over HTTP: classify, explain, lint, pack, reload, healthz, metrics.",
        discussion: """
            Routes (JSON in and out; docs/openapi.yaml): POST /v1/classify, POST /v1/explain, POST /v1/lint, \
            POST /v1/test, POST /v1/try, GET /v1/pack, POST /v1/reload, GET /healthz, GET /metrics (Prometheus text); \
            with --playground, a page at / to try rules in a browser. With --token (or \
            RAPPORT_TOKEN) every route but /healthz needs 'Authorization: Bearer TOKEN'. SIGHUP or POST /v1/reload \
            (and with --watch, a change of a --rules file) reloads the packs (a pack with errors is refused and the old one stays); SIGTERM or SIGINT stops \
            accepting connections, lets requests in flight finish and exits 0.
            Exit status: 0 after a graceful shutdown, 2 when a rule pack has errors at start, 64 on usage errors, \
            1 when the address cannot be bound.
            """
    )

    @Option(
        name: .customLong("rules"), help: ArgumentHelp("A rule pack (directory or .yaml file) to add to the embedded default; repeatable.", valueName: "path"))
    var rulePaths: [String] = []

    @Flag(help: "Use only the packs given with --rules, not the embedded default.")
    var noDefaultRules = false

    @Option(help: "The address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one; the log says which).")
    var port = 8080

    @Option(help: ArgumentHelp("Require 'Authorization: Bearer TOKEN' on every route but /healthz (default: $RAPPORT_TOKEN).", valueName: "token"))
    var token: String?

    @Flag(help: "Serve the playground at / : a page to try a rule layer over the default pack on comments (it never changes the served packs).")
    var playground = false

    @Flag(help: "Reload the packs when a --rules file changes (checked every half second; a pack with errors is refused and the old one stays).")
    var watch = false

    @Option(
        name: .customLong("limit"), parsing: .singleValue,
        help: ArgumentHelp(
            "Change a limit (repeatable): "
                + ServeLimits.Name.allCases.map { "\($0.rawValue) (default \(ServeLimits()[$0]))" }.joined(separator: ", ")
                + "; and the CLI's comment-scalars, json-depth, fields, rules, rule-file-bytes.",
            valueName: "name=n"))
    var limits: [String] = []

    func validate() throws {
        if noDefaultRules && rulePaths.isEmpty { throw ValidationError("--no-default-rules needs at least one --rules PATH") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if watch && rulePaths.isEmpty { throw ValidationError("--watch needs at least one --rules PATH to watch") }
        _ = try makeConfiguration()
    }

    func makeConfiguration() throws(ValidationError) -> ServeConfiguration {
        var configuration = ServeConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.rulePaths = rulePaths
        configuration.overDefault = !noDefaultRules
        configuration.playground = playground
        configuration.watch = watch
        let environment = getenv("RAPPORT_TOKEN").map { String(cString: $0) }
        configuration.token = (token ?? environment).flatMap { $0.isEmpty ? nil : $0 }
        for setting in limits {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--limit \(setting): expected NAME=N") }
            guard let value = Int(parts[1].filter { $0 != "_" }), value >= 1 else {
                throw ValidationError("--limit \(setting): the value must be a whole number of at least 1")
            }
            if let name = ServeLimits.Name(rawValue: parts[0]) {
                configuration.limits[name] = value
                continue
            }
            switch parts[0] {
            case "comment-scalars": configuration.engineOptions.maxScalars = value
            case "json-depth":
                guard value <= 1_000 else { throw ValidationError("--limit \(setting): json-depth can be at most 1000") }
                configuration.jsonDepth = value
            case "fields": configuration.fields = value
            case "rules": configuration.packLimits.maxRules = value
            case "rule-file-bytes": configuration.packLimits.maxFileBytes = value
            default:
                let names = ServeLimits.Name.allCases.map(\.rawValue) + ["comment-scalars", "json-depth", "fields", "rules", "rule-file-bytes"]
                throw ValidationError("--limit \(setting): unknown limit '\(parts[0])'; limits are \(names.joined(separator: ", "))")
            }
        }
        return configuration
    }

    func run() async throws {
        let configuration = try makeConfiguration()
        let logger = {
            var logger = Logger(label: "rapport-serve")
            logger.logLevel = .info
            return logger
        }()
        let server: RapportServer
        do throws(RulePackError) {
            server = try RapportServer(configuration: configuration)
        } catch {
            for diagnostic in error.diagnostics { FileHandleOutput.standardError(diagnostic.description + "\n") }
            FileHandleOutput.standardError("rapport-serve: the rule pack has \(error.errors.count) errors; not started\n")
            throw ExitCode(2)
        }
        let host = configuration.host
        try await server.run(logger: logger) { port in
            logger.info("rapport-serve listening on http://\(host):\(port)/")
        }
    }
}

/// Writes to standard error.
enum FileHandleOutput {
    static func standardError(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
