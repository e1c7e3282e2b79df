import HTTPTypes
import Hummingbird
import Synchronization

/// Requests being handled now, for the concurrency bound.
final class InFlight: Sendable {
    let count = Atomic<Int>(0)
}

/// Wraps every route: counts and times requests by route and status, refuses requests over the
/// concurrency bound (503 with `Retry-After`, at once), checks the bearer token, and turns every
/// error (an unknown route included) into a JSON body.
struct GuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let token: String?
    let limits: ServeLimits
    let inFlight: InFlight

    /// The routes metrics are kept for; anything else counts as `unmatched`.
    static func routeName(_ path: String) -> String {
        switch path {
        case "/v1/classify", "/v1/explain", "/v1/lint", "/v1/test", "/v1/try", "/v1/pack", "/v1/reload", "/healthz", "/metrics", "/": path
        default: "unmatched"
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        let response: Response
        do {
            response = try await guarded(request, path: path, context: context, next: next)
        } catch let error as APIError {
            response = error.response
        } catch let error as any HTTPResponseError {
            let message = error.status == .notFound ? "no route \(request.method) \(path)" : error.status.reasonPhrase
            response = APIError(error.status, message).response
        } catch {
            response = APIError(.internalServerError, "internal error").response
        }
        let elapsed = ContinuousClock.now - started
        metrics.request(
            route: Self.routeName(path), status: response.status.code,
            nanoseconds: elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return response
    }

    private func guarded(_ request: Request, path: String, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Liveness is answered even when the service is saturated or the caller has no token, and so is
        // the playground's page (it holds no data; its requests carry the token the person types in).
        if path == "/healthz" || (path == "/" && request.method == .get) { return try await next(request, context) }
        if let token, !Self.authorized(request.headers[.authorization], token: token) {
            metrics.rejected(overload: false)
            var error = APIError(.unauthorized, "this server needs 'Authorization: Bearer <token>' (the --token it was started with)")
            error.headers[.wwwAuthenticate] = "Bearer"
            throw error
        }
        let now = inFlight.count.wrappingAdd(1, ordering: .relaxed).newValue
        defer { inFlight.count.wrappingSubtract(1, ordering: .relaxed) }
        if now > limits.concurrency {
            metrics.rejected(overload: true)
            var error = APIError.over(.concurrency, limits, status: .serviceUnavailable, "too many requests at once; retry shortly")
            error.headers[.retryAfter] = "1"
            throw error
        }
        return try await next(request, context)
    }

    /// Compares the header with `Bearer <token>` in time independent of where they differ.
    static func authorized(_ header: String?, token: String) -> Bool {
        guard let header else { return false }
        let given = Array(header.utf8)
        let expected = Array("Bearer \(token)".utf8)
        var difference = given.count ^ expected.count
        for index in 0..<expected.count {
            difference |= Int(expected[index] ^ (index < given.count ? given[index] : 0))
        }
        return difference == 0
    }
}
