#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output bytes go: standard output, a regular file written through a temporary file and
/// renamed into place by ``commit()`` (so an interrupted run never leaves a half-written file under
/// the final name), or a device, FIFO or socket written as it is.
public final class OutputSink {
    private let fd: Int32
    /// What the sink writes to, for messages.
    private let name: String
    /// The final path and the temporary path, for sinks written through a temporary file.
    private let paths: (final: String, temporary: String)?
    /// Whether ``commit()`` or ``abandon()`` closes `fd` (not for standard output).
    private let ownsDescriptor: Bool
    private var closed = false
    /// Receives the bytes instead of a descriptor (see ``consumer(_:)``).
    private var consume: ((UnsafeRawBufferPointer) throws(OutputError) -> Void)?
    /// Bytes written to the temporary file so far, and how many of them the kernel was asked to start
    /// writing to disk (see ``startWriteback()``).
    private var written = 0
    private var writebackStarted = 0

    /// Standard output.
    public static func standardOutput() -> OutputSink { OutputSink(fd: 1, name: "stdout", paths: nil, ownsDescriptor: false) }

    /// The sink for an output path, chosen by what the path is (checked before any input is read):
    /// - `-`: standard output;
    /// - the file standard output or standard error already writes to (`/dev/stdout`, `/dev/stderr`,
    ///   or a path to the same file): that descriptor, as it is;
    /// - a regular file, or nothing yet: a temporary file in the same directory, renamed over the path
    ///   by ``commit()``. A new file gets the mode the umask allows (`0666 & ~umask`); an existing one
    ///   keeps its permission bits (and, where allowed, its owner and group);
    /// - a symbolic link to a regular file: the same, next to the link's final target, so the link
    ///   stays a link and the file it names gets the new content;
    /// - a device, FIFO or socket (or a link to one): opened and written as it is, never replaced.
    ///
    /// Throws for a directory, a path whose parent is not a directory, a link to nothing, or a path
    /// that cannot be opened or created.
    public static func open(_ path: String) throws(OutputError) -> OutputSink {
        if path == "-" { return standardOutput() }
        var target = stat()
        guard stat(path, &target) == 0 else {
            let reason = errno
            var link = stat()
            if reason == ENOENT, lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                throw OutputError("\(path): a symbolic link to a file that does not exist; not written")
            }
            if reason != ENOENT { throw OutputError("\(path): \(String(cString: strerror(reason)))") }
            return try atomicFile(path, replacing: nil)
        }
        for standard: Int32 in [1, 2] {
            var info = stat()
            if fstat(standard, &info) == 0, info.st_dev == target.st_dev, info.st_ino == target.st_ino {
                return try descriptor(dup(standard), name: path)
            }
        }
        switch target.st_mode & S_IFMT {
        case S_IFDIR:
            throw OutputError("\(path): is a directory")
        case S_IFREG:
            var link = stat()
            guard lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK else { return try atomicFile(path, replacing: target) }
            guard let resolved = realpath(path, nil) else {
                throw OutputError("\(path): cannot resolve the symbolic link: \(String(cString: strerror(errno)))")
            }
            defer { free(resolved) }
            return try atomicFile(String(cString: resolved), replacing: target, name: path)
        default:
            return try descriptor(Glibc.open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), name: path)
        }
    }

    /// A new temporary file next to `path` (same directory, so the rename is atomic), with the mode
    /// a new file gets under the umask.
    public static func atomicFile(_ path: String) throws(OutputError) -> OutputSink {
        try atomicFile(path, replacing: nil)
    }

    /// A temporary file next to `path`; `existing` (the file being replaced) gives its mode and owner.
    private static func atomicFile(_ path: String, replacing existing: stat?, name: String? = nil) throws(OutputError) -> OutputSink {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory).\(base).rapport-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let reason = errno
            let shown = directory.isEmpty ? "." : directory
            var info = stat()
            if stat(shown, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
                throw OutputError("\(name ?? path): '\(shown)' is not a directory")
            }
            throw OutputError("\(name ?? path): cannot create a temporary file in '\(shown)': \(String(cString: strerror(reason)))")
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if let existing {
            if existing.st_uid != geteuid() || existing.st_gid != getegid() {
                _ = fchown(fd, existing.st_uid, existing.st_gid)
            }
            fchmod(fd, existing.st_mode & 0o777)
        } else {
            fchmod(fd, 0o666 & ~processUmask)
        }
        TemporaryFiles.register(temporary)
        return OutputSink(fd: fd, name: name ?? path, paths: (path, temporary), ownsDescriptor: true)
    }

    /// A sink handing every write to `consume` (an HTTP response body, a buffer), in order, on the
    /// thread that writes; ``commit()`` and ``abandon()`` only mark it closed.
    public static func consumer(_ consume: @escaping (UnsafeRawBufferPointer) throws(OutputError) -> Void) -> OutputSink {
        let sink = OutputSink(fd: -1, name: "consumer", paths: nil, ownsDescriptor: false)
        sink.consume = consume
        return sink
    }

    /// A sink writing straight to an open descriptor (`fd` < 0: opening failed with `errno`).
    private static func descriptor(_ fd: Int32, name: String) throws(OutputError) -> OutputSink {
        guard fd >= 0 else { throw OutputError("\(name): cannot open: \(String(cString: strerror(errno)))") }
        return OutputSink(fd: fd, name: name, paths: nil, ownsDescriptor: true)
    }

    /// The process's umask (read once: reading it means setting it).
    private static let processUmask: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }()

    private init(fd: Int32, name: String, paths: (final: String, temporary: String)?, ownsDescriptor: Bool) {
        self.fd = fd
        self.name = name
        self.paths = paths
        self.ownsDescriptor = ownsDescriptor
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
        if let consume { return try consume(bytes) }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw OutputError("\(name): write failed: \(String(cString: n == 0 ? strerror(EIO) : strerror(errno)))")
        }
        if paths != nil {
            written += bytes.count
            if written - writebackStarted >= Self.writebackChunk { startWriteback() }
        }
    }

    /// Bytes of a temporary file after which their writeback is started.
    private static let writebackChunk = 8 << 20

    /// Asks the kernel to start writing the bytes written since the last call to disk, without
    /// waiting for it: ``commit()``'s `fsync` then waits for the last few megabytes only, where it
    /// waited for the whole file (0.23 s for the 700 MB of one million verdicts), a pause at the end
    /// of the run with every core idle.
    private func startWriteback() {
        #if os(Linux)
        _ = FileWriteback.start?(fd, Int64(writebackStarted), Int64(written - writebackStarted), FileWriteback.write)
        #endif
        writebackStarted = written
    }

    /// Moves the finished file under its final name, or closes the device written to (no-op for stdout).
    public func commit() throws(OutputError) {
        guard !closed else { return }
        closed = true
        guard let paths else {
            if ownsDescriptor, close(fd) != 0, errno != EINTR {
                throw OutputError("\(name): write failed: \(String(cString: strerror(errno)))")
            }
            return
        }
        if fsync(fd) != 0 && errno != EINVAL {
            let reason = String(cString: strerror(errno))
            close(fd)
            discardTemporary(paths.temporary)
            throw OutputError("\(name): cannot flush: \(reason)")
        }
        close(fd)
        if rename(paths.temporary, paths.final) != 0 {
            let reason = String(cString: strerror(errno))
            discardTemporary(paths.temporary)
            throw OutputError("\(name): cannot rename the temporary file into place: \(reason)")
        }
        TemporaryFiles.unregister(paths.temporary)
    }

    /// Removes the temporary file (no-op for stdout or after commit); a device is only closed, since
    /// what was written to it cannot be taken back.
    public func abandon() {
        guard !closed else { return }
        closed = true
        if ownsDescriptor { close(fd) }
        if let paths { discardTemporary(paths.temporary) }
    }

    private func discardTemporary(_ path: String) {
        unlink(path)
        TemporaryFiles.unregister(path)
    }

    deinit { abandon() }
}

#if os(Linux)
/// `sync_file_range(2)`, which the Glibc module does not export (glibc declares it for `_GNU_SOURCE`
/// only), looked up once by name; nil where the C library lacks it.
private enum FileWriteback {
    typealias Function = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// `SYNC_FILE_RANGE_WRITE`: start writing the range's dirty pages, do not wait.
    static let write: UInt32 = 2
    static let start: Function? = dlsym(nil, "sync_file_range").map { unsafeBitCast($0, to: Function.self) }
}
#endif
