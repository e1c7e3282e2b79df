#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The arrays an analysis fills, kept per thread and reused from comment to comment, so classifying a
/// comment does not allocate them afresh (and free them again) each time.
///
/// `Engine.classify` takes the buffers out of the current thread's set (leaving empty arrays there),
/// builds the verdict, and puts them back; nothing is shared between threads, and a nested or
/// concurrent use on one thread would simply find empty arrays and allocate.
final class AnalysisBuffers {
    /// The buffers waiting for the next comment.
    private var spare = Taken()

    /// Takes the buffers out for one analysis (the set is left empty until `recycle`).
    func take() -> Taken {
        var taken = Taken()
        swap(&taken, &spare)
        return taken
    }

    /// Puts the arrays of a finished analysis back for the next comment.
    func recycle(_ analysis: inout Analysis, context: inout MatchContext) {
        var stream = TokenStream.empty
        swap(&stream, &analysis.stream)
        spare.stream = stream
        swap(&spare.hits, &analysis.hits)
        swap(&spare.context, &context)
        swap(&spare.status, &analysis.status)
        swap(&spare.silenced, &analysis.silenced)
        swap(&spare.matched, &analysis.matched)
        swap(&spare.scoring, &analysis.scoring)
        swap(&spare.fired, &analysis.fired)
        swap(&spare.conditions, &analysis.conditions)
    }

    /// Buffers taken out for one analysis.
    struct Taken {
        var stream: TokenStream?
        var hits: [RawHit] = []
        var context = MatchContext()
        var status: [HitStatus] = []
        var silenced: [Int] = []
        var matched: [Int] = []
        var scoring: [Int] = []
        var fired: [Int] = []
        var conditions: [(rule: Int, result: Bool)] = []
    }

    /// The calling thread's buffers.
    static var current: AnalysisBuffers {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<AnalysisBuffers>.fromOpaque(pointer).takeUnretainedValue()
        }
        let buffers = AnalysisBuffers()
        pthread_setspecific(key, Unmanaged.passRetained(buffers).toOpaque())
        return buffers
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            Unmanaged<AnalysisBuffers>.fromOpaque(pointer).release()
            #else
            if let pointer { Unmanaged<AnalysisBuffers>.fromOpaque(pointer).release() }
            #endif
        }
        return key
    }()
}
