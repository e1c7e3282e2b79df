#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary output files to remove if the process is interrupted (SIGINT, SIGTERM, SIGHUP).
///
/// The signal handler may only call async-signal-safe functions, so the path is kept as a C string
/// allocated ahead of time; only one temporary file is tracked (the CLI writes one output at a time).
enum TemporaryFiles {
    nonisolated(unsafe) private static var pending: UnsafeMutablePointer<CChar>? = nil
    nonisolated(unsafe) private static var installed = false

    static func register(_ path: String) {
        let copy = strdup(path)
        let old = pending
        pending = copy
        if let old { free(old) }
        if !installed {
            installed = true
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig) { sig in
                    if let p = TemporaryFiles.pending { unlink(p) }
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
        }
    }

    static func unregister(_ path: String) {
        guard let p = pending, String(cString: p) == path else { return }
        pending = nil
        free(p)
    }
}
