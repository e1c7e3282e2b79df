#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Temporary output files to remove if the process is interrupted (SIGINT, SIGTERM, SIGHUP).
///
/// The signal handler may only call async-signal-safe functions, so paths are kept as C strings
/// allocated ahead of time, in a fixed number of slots (the CLI has at most two outputs open at once:
/// `-o` and `--summary-json`). Library callers may open sinks from many threads at once: registering
/// and unregistering take a lock, and each slot is an atomic word the handler reads without one.
enum TemporaryFiles {
    private static let slotCount = 4
    /// Each slot holds a `strdup`ed path's address, or 0.
    private static let slots: InlineArray<4, Atomic<Int>> = InlineArray { _ in Atomic<Int>(0) }
    /// Serialises register and unregister; holds whether the signal handlers are installed.
    private static let writers = Mutex<Bool>(false)

    static func register(_ path: String) {
        writers.withLock { installed in
            // When every slot is taken the oldest is forgotten (left behind if a signal comes).
            let slot = (0..<slotCount).first { slots[$0].load(ordering: .acquiring) == 0 } ?? 0
            let old = slots[slot].exchange(Int(bitPattern: strdup(path)), ordering: .acquiringAndReleasing)
            free(UnsafeMutablePointer<CChar>(bitPattern: old))
            guard !installed else { return }
            installed = true
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig) { sig in
                    for slot in 0..<TemporaryFiles.slotCount {
                        let address = TemporaryFiles.slots[slot].load(ordering: .acquiring)
                        if let p = UnsafeMutablePointer<CChar>(bitPattern: address) { unlink(p) }
                    }
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
        }
    }

    static func unregister(_ path: String) {
        writers.withLock { _ in
            for slot in 0..<slotCount {
                let address = slots[slot].load(ordering: .acquiring)
                guard let p = UnsafeMutablePointer<CChar>(bitPattern: address), String(cString: p) == path else { continue }
                slots[slot].store(0, ordering: .releasing)
                free(p)
            }
        }
    }
}
