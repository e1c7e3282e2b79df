// Shared by every harness: an invariant check that prints its message even in optimised builds
// (where `precondition` drops it) and then aborts, so libFuzzer records the input as a finding.
#if canImport(Glibc)
import Glibc
#endif

func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    let text = Array("fuzz invariant failed: \(message())\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}
