#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output bytes go: standard output, or a file written through a temporary file and renamed
/// into place by ``commit()``, so an interrupted run never leaves a half-written file under the final name.
public final class OutputSink {
    private let fd: Int32
    /// The final path and the temporary path, for file sinks.
    private let paths: (final: String, temporary: String)?
    private var closed = false

    /// Standard output.
    public static func standardOutput() -> OutputSink { OutputSink(fd: 1, paths: nil) }

    /// A new temporary file next to `path` (same directory, so the rename is atomic).
    public static func atomicFile(_ path: String) throws(OutputError) -> OutputSink {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory).\(name).rapport-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw OutputError("\(path): cannot create a temporary file in '\(directory.isEmpty ? "." : directory)': \(String(cString: strerror(errno)))")
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(fd, 0o644)
        TemporaryFiles.register(temporary)
        return OutputSink(fd: fd, paths: (path, temporary))
    }

    private init(fd: Int32, paths: (final: String, temporary: String)?) {
        self.fd = fd
        self.paths = paths
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        let failure: OutputError? = bytes.withUnsafeBytes { buffer in
            do throws(OutputError) { try write(buffer) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw OutputError("\(paths?.final ?? "stdout"): write failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Moves the finished file under its final name (no-op for stdout).
    public func commit() throws(OutputError) {
        guard let paths, !closed else { return }
        closed = true
        if fsync(fd) != 0 && errno != EINVAL {
            let reason = String(cString: strerror(errno))
            close(fd)
            discardTemporary(paths.temporary)
            throw OutputError("\(paths.final): cannot flush: \(reason)")
        }
        close(fd)
        if rename(paths.temporary, paths.final) != 0 {
            let reason = String(cString: strerror(errno))
            discardTemporary(paths.temporary)
            throw OutputError("\(paths.final): cannot rename the temporary file into place: \(reason)")
        }
        TemporaryFiles.unregister(paths.temporary)
    }

    /// Removes the temporary file (no-op for stdout or after commit).
    public func abandon() {
        guard let paths, !closed else { return }
        closed = true
        close(fd)
        discardTemporary(paths.temporary)
    }

    private func discardTemporary(_ path: String) {
        unlink(path)
        TemporaryFiles.unregister(path)
    }

    deinit { abandon() }
}
