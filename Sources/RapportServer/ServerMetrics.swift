public import Prometheus
import CoreMetrics
import Synchronization

/// The service's metrics, kept in its own Prometheus registry (so several services in one process,
/// as in the tests, do not mix their counts) and written by `/metrics` in the Prometheus text format.
///
/// - `rapport_http_requests_total{route,status}` and `rapport_http_request_duration_seconds{route,status}`
/// - `rapport_comments_total{label}`, `rapport_record_errors_total`
/// - `rapport_escalations_total{route}` (the escalation route, not the HTTP one)
/// - `rapport_reloads_total`, `rapport_reload_failures_total`, `rapport_pack_reload_failed` (1 while the last reload was refused)
/// - `rapport_requests_rejected_total{reason}` (overload, auth)
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` writes.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let requests = Mutex<[String: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])
    private let labels = Mutex<[String: CoreMetrics.Counter]>([:])
    private let routes = Mutex<[String: CoreMetrics.Counter]>([:])
    private let recordErrors: CoreMetrics.Counter
    private let reloads: CoreMetrics.Counter
    private let reloadFailures: CoreMetrics.Counter
    private let reloadFailed: CoreMetrics.Gauge
    private let overload: CoreMetrics.Counter
    private let unauthorized: CoreMetrics.Counter

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        recordErrors = CoreMetrics.Counter(label: "rapport_record_errors_total", factory: factory)
        reloads = CoreMetrics.Counter(label: "rapport_reloads_total", factory: factory)
        reloadFailures = CoreMetrics.Counter(label: "rapport_reload_failures_total", factory: factory)
        reloadFailed = CoreMetrics.Gauge(label: "rapport_pack_reload_failed", factory: factory)
        overload = CoreMetrics.Counter(label: "rapport_requests_rejected_total", dimensions: [("reason", "overload")], factory: factory)
        unauthorized = CoreMetrics.Counter(label: "rapport_requests_rejected_total", dimensions: [("reason", "unauthorized")], factory: factory)
        reloadFailed.record(0)
    }

    /// Counts one answered request and its time.
    func request(route: String, status: Int, nanoseconds: Int64) {
        let key = "\(route) \(status)"
        let (counter, timer) = requests.withLock { cache in
            if let known = cache[key] { return known }
            let dimensions = [("route", route), ("status", String(status))]
            let made = (
                CoreMetrics.Counter(label: "rapport_http_requests_total", dimensions: dimensions, factory: factory),
                CoreMetrics.Timer(label: "rapport_http_request_duration_seconds", dimensions: dimensions, factory: factory)
            )
            cache[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(nanoseconds)
    }

    /// Counts classified comments by label, escalations by route, and error records.
    func classified(labels counts: [String: Int], escalationRoutes: [String: Int], errors: Int) {
        for (label, count) in counts where count > 0 {
            counter(in: labels, name: "rapport_comments_total", dimension: "label", value: label).increment(by: count)
        }
        for (route, count) in escalationRoutes where count > 0 {
            counter(in: routes, name: "rapport_escalations_total", dimension: "route", value: route).increment(by: count)
        }
        if errors > 0 { recordErrors.increment(by: errors) }
    }

    /// The counter `name{dimension="value"}`, made once and kept in `cache`.
    private func counter(in cache: borrowing Mutex<[String: CoreMetrics.Counter]>, name: String, dimension: String, value: String) -> CoreMetrics.Counter {
        cache.withLock { counters in
            if let known = counters[value] { return known }
            let made = CoreMetrics.Counter(label: name, dimensions: [(dimension, value)], factory: factory)
            counters[value] = made
            return made
        }
    }

    /// Counts a reload, and whether it was refused.
    func reloaded(succeeded: Bool) {
        reloads.increment()
        if !succeeded { reloadFailures.increment() }
        reloadFailed.record(succeeded ? 0 : 1)
    }

    /// Counts a request refused before it was handled.
    func rejected(overload isOverload: Bool) {
        (isOverload ? overload : unauthorized).increment()
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
