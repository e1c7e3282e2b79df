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
    var stream: TokenStream?
    var hits: [RawHit] = []
    var context = MatchContext()
    var status: [HitStatus] = []
    var silenced: [Int] = []
    var matched: [Int] = []
    var scoring: [Int] = []
    var fired: [Int] = []

    /// Takes the buffers out for one analysis (the set is left empty until `recycle`).
    func take() -> Taken {
        var taken = Taken()
        swap(&taken.stream, &stream)
        swap(&taken.hits, &hits)
        swap(&taken.context, &context)
        swap(&taken.status, &status)
        swap(&taken.silenced, &silenced)
        swap(&taken.matched, &matched)
        swap(&taken.scoring, &scoring)
        swap(&taken.fired, &fired)
        return taken
    }

    /// Puts the arrays of a finished analysis back for the next comment.
    func recycle(_ analysis: inout Analysis, context: inout MatchContext) {
        var stream: TokenStream? = TokenStream.empty
        swap(&stream!, &analysis.stream)
        swap(&self.stream, &stream)
        swap(&hits, &analysis.hits)
        swap(&self.context, &context)
        swap(&status, &analysis.status)
        swap(&silenced, &analysis.silenced)
        swap(&matched, &analysis.matched)
        swap(&scoring, &analysis.scoring)
        swap(&fired, &analysis.fired)
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
