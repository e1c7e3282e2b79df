public import Rapport
import RapportIO

/// The bounds a request is held to. Each has a name, used with `--limit NAME=N` and in the JSON error
/// a request over it gets, and a default suited to one service on a small machine.
public struct ServeLimits: Sendable, Hashable {
    /// A limit's name (`--limit body-bytes=N`, and `"limit"` in the error a request over it gets).
    public enum Name: String, Sendable, CaseIterable {
        case bodyBytes = "body-bytes"
        case records
        case recordBytes = "record-bytes"
        case concurrency
        case requestSeconds = "request-seconds"
    }

    /// The largest request body, in bytes (413).
    public var bodyBytes = 16 << 20
    /// The most records in one `/v1/classify` request (413).
    public var records = 100_000
    /// The longest record: a single comment over it is refused (413); in a batch it becomes an error
    /// record, as `classify --max-record-bytes` makes it.
    public var recordBytes = 1 << 20
    /// Requests handled at once; more are answered 503 with `Retry-After` at once, never queued.
    public var concurrency = 256
    /// The longest time to receive a request body (408).
    public var requestSeconds = 30

    public init() {}

    /// The value of the limit `name`.
    public subscript(name: Name) -> Int {
        get {
            switch name {
            case .bodyBytes: bodyBytes
            case .records: records
            case .recordBytes: recordBytes
            case .concurrency: concurrency
            case .requestSeconds: requestSeconds
            }
        }
        set {
            switch name {
            case .bodyBytes: bodyBytes = newValue
            case .records: records = newValue
            case .recordBytes: recordBytes = newValue
            case .concurrency: concurrency = newValue
            case .requestSeconds: requestSeconds = newValue
            }
        }
    }
}

/// Everything `rapport-serve` is started with.
public struct ServeConfiguration: Sendable {
    /// The address to bind (loopback by default).
    public var host = "127.0.0.1"
    /// The port (0 picks a free one, reported through ``RapportServer/makeApplication(onRunning:)``).
    public var port = 8080
    /// Rule packs (directories or files) layered over the default, or used alone without it.
    public var rulePaths: [String] = []
    /// Whether `rulePaths` go over the embedded default pack (`--no-default-rules` turns it off).
    public var overDefault = true
    /// When set, every route but `/healthz` needs `Authorization: Bearer <token>`.
    public var token: String?
    /// Request bounds.
    public var limits = ServeLimits()
    /// Rule pack limits, as `classify --limit` sets them.
    public var packLimits = PackLimits.default
    /// Engine options (`comment-scalars`).
    public var engineOptions = Engine.Options()
    /// JSON nesting depth and fields per record, as the CLI's readers take them.
    public var jsonDepth = 256
    /// Fields per record.
    public var fields = 1_000
    /// Serve the playground page at `/` (`--playground`).
    public var playground = false
    /// Watch the `--rules` files and reload when they change (`--watch`).
    public var watch = false
    /// How often the watched files are looked at, and how long they must stay unchanged before a reload.
    public var watchInterval: Duration = .milliseconds(500)

    public init() {}
}

extension ServeConfiguration {
    /// The decoder of a body holding one comment (`/v1/classify`, `/v1/explain`): a JSON object whose id,
    /// when missing, is `1`, under the configured depth and field limits.
    func commentDecoder() -> RecordDecoder {
        // A JSON shape never fails on a header.
        try! RecordDecoder(shape: .json(idFromIndex: false), mapping: FieldMapping(), maxDepth: jsonDepth, maxFields: fields)
    }
}
