public import Hummingbird
public import Logging
public import Rapport
import ServiceLifecycle
import UnixSignals

/// The Rapport HTTP service: the CLI's engine, readers and verdict writer behind a Hummingbird 2
/// router, with bearer auth, request limits, Prometheus metrics and hot reload.
///
/// Routes: `POST /v1/classify`, `POST /v1/explain`, `POST /v1/lint`, `POST /v1/test`, `POST /v1/try`,
/// `GET /v1/pack`, `POST /v1/reload`, `GET /healthz`, `GET /metrics` (docs/openapi.yaml describes them),
/// and the playground page at `GET /` when ``ServeConfiguration/playground`` is set.
public struct RapportServer: Sendable {
    /// What the service was started with.
    public let configuration: ServeConfiguration
    /// The current pack, swapped by reloads.
    public let store: PackStore
    /// The service's metrics.
    public let metrics: ServerMetrics

    /// Loads the configured packs; throws their diagnostics when they have errors.
    public init(configuration: ServeConfiguration) throws(RulePackError) {
        self.configuration = configuration
        self.store = try PackStore(configuration: configuration)
        self.metrics = ServerMetrics()
    }

    /// The router with every route and the guard (auth, concurrency, metrics, JSON errors).
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: GuardMiddleware(metrics: metrics, token: configuration.token, limits: configuration.limits, inFlight: InFlight()))
        let commentDecoder = configuration.commentDecoder()
        let classification = Classification(store: store, metrics: metrics, configuration: configuration, commentDecoder: commentDecoder)
        let routes = Routes(store: store, metrics: metrics, configuration: configuration, commentDecoder: commentDecoder)
        router.post("/v1/classify") { request, _ in try await classification.handle(request) }
        router.post("/v1/explain") { request, _ in try await routes.explain(request) }
        let trial = Trial(metrics: metrics, configuration: configuration, defaultEngine: DefaultEngine())
        router.post("/v1/lint") { request, _ in try await trial.lint(request) }
        router.post("/v1/test") { request, _ in try await trial.test(request) }
        router.post("/v1/try") { request, _ in try await trial.tryLayer(request) }
        if configuration.playground {
            router.get("/") { _, _ in Playground.response() }
        }
        router.get("/v1/pack") { _, _ in JSONDocument.response(routes.packInfo()) }
        router.post("/v1/reload") { _, _ in await routes.reload() }
        router.get("/healthz") { _, _ in JSONDocument.response(["status": "ok"]) }
        router.get("/metrics") { _, _ in routes.metricsResponse() }
        return router
    }

    /// The Hummingbird application on the configured address; `onRunning` gets the bound port.
    public func makeApplication(logger: Logger? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        var logger = logger ?? Logger(label: "rapport-serve")
        if logger.logLevel > .info { logger.logLevel = .info }
        let maxBodyBytes = configuration.limits.bodyBytes
        return Application(
            router: makeRouter(),
            // An idle connection is closed after twice request-seconds (a request's body gets 408 before).
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ExpectContinue(maxBodyBytes: maxBodyBytes)],
                    idleTimeout: .seconds(Int64(configuration.limits.requestSeconds) * 2))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "rapport"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Reloads the packs (as `POST /v1/reload` does) and logs the outcome.
    public func reload(logger: Logger) async {
        switch await store.reload() {
        case .success(let pack):
            metrics.reloaded(succeeded: true)
            logger.info("reloaded the rule pack", metadata: ["version": "\(pack.version)", "rules": "\(pack.engine.pack.rules.count)"])
        case .failure(let failure):
            metrics.reloaded(succeeded: false)
            logger.error(
                "reload refused: \(failure.message)",
                metadata: ["diagnostics": "\(failure.diagnostics.filter { $0.severity == .error }.map(\.description))"])
        }
    }

    /// Runs until SIGTERM or SIGINT: stops accepting connections, lets requests in flight finish,
    /// and returns. SIGHUP reloads the packs, and so does a change of the rule files with
    /// ``ServeConfiguration/watch``.
    public func run(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = makeApplication(logger: logger, onRunning: onRunning)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app), .init(service: SignalReloader(server: self, logger: logger))]
        if configuration.watch && !configuration.rulePaths.isEmpty {
            services.append(.init(service: PackWatcher(server: self, logger: logger)))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Reloads the packs on SIGHUP until the service shuts down.
struct SignalReloader: Service {
    let server: RapportServer
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            await server.reload(logger: logger)
        }
    }
}
