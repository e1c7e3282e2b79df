/// Watches a match attempt op by op. The matcher's `run` is generic over its tracer, so the
/// production path, which passes `NoTracer`, is compiled without any tracing code; `whyNot` passes
/// a tracer that records how far an attempt got.
protocol MatchTracer {
    /// False for a tracer that records nothing: the matcher may then skip ops it can rule out
    /// without visiting them.
    static var isTracing: Bool { get }
    /// Whether the interpreter may finish a top-level run's last word, list or linear group of alternatives
    /// in place, without the calls of its general path (the same steps charged and the same position
    /// returned). True for the tracers that record nothing (the default is `!isTracing`); false for a tracer
    /// that records, which must see every op, and for the tests' oracle of those shortcuts.
    static var finishesRunsInPlace: Bool { get }
    /// The attempt reached top-level op `op` at token `position`.
    mutating func reached(op: Int, position: Int)
}

extension MatchTracer {
    /// `!isTracing`: a tracer that records nothing lets the interpreter finish runs in place.
    static var finishesRunsInPlace: Bool { !isTracing }
}

/// The tracer of ordinary matching: records nothing, and compiles away.
///
/// It holds one byte so that each attempt's tracer is a variable of its own: `inout` access to an
/// empty struct goes through one shared address, which ThreadSanitizer reports as a race between the
/// pipeline's workers.
struct NoTracer: MatchTracer {
    private var unused: UInt8 = 0
    static var isTracing: Bool { false }
    @inline(__always) mutating func reached(op: Int, position: Int) {}
}
