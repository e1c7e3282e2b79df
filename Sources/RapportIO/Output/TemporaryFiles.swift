#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary output files to remove if the process is interrupted (SIGINT, SIGTERM, SIGHUP).
///
/// The signal handler may only call async-signal-safe functions, so paths are kept as C strings
/// allocated ahead of time, in a fixed number of slots (the CLI has at most two outputs open at once:
/// `-o` and `--summary-json`).
enum TemporaryFiles {
    private static let slotCount = 4
    nonisolated(unsafe) private static let pending: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slotCount)
        slots.initialize(repeating: nil, count: slotCount)
        return slots
    }()
    nonisolated(unsafe) private static var installed = false

    static func register(_ path: String) {
        let slots = pending
        // When every slot is taken the oldest is forgotten (left behind if a signal comes).
        let slot = (0..<slotCount).first { slots[$0] == nil } ?? 0
        let old = slots[slot]
        slots[slot] = strdup(path)
        if let old { free(old) }
        if !installed {
            installed = true
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig) { sig in
                    for slot in 0..<TemporaryFiles.slotCount {
                        if let p = TemporaryFiles.pending[slot] { unlink(p) }
                    }
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
        }
    }

    static func unregister(_ path: String) {
        for slot in 0..<slotCount {
            guard let p = pending[slot], String(cString: p) == path else { continue }
            pending[slot] = nil
            free(p)
        }
    }
}
