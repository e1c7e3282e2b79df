import Foundation
import Logging
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--watch`: looks at the `--rules` files every ``ServeConfiguration/watchInterval`` and reloads the
/// packs once a change has settled (the files stayed the same for one more interval, so an editor's
/// save in several writes, or a `git checkout` of several files, is one reload). A pack with errors is
/// refused as any reload refuses it: the old one stays and the error is in the log, `/v1/pack` and metrics.
struct PackWatcher: Service {
    let server: RapportServer
    let logger: Logger

    /// What is watched: each path's modification time, size and inode, and for a directory those of
    /// each `.yaml`/`.yml` file in it (a file added or removed changes the list).
    static func signature(of paths: [String]) -> [String] {
        var parts: [String] = []
        for path in paths {
            parts.append(stamp(path))
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                let names = try? FileManager.default.contentsOfDirectory(atPath: path)
            else { continue }
            for name in names.sorted() where (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !name.hasPrefix(".") {
                parts.append(stamp(path + "/" + name))
            }
        }
        return parts
    }

    private static func stamp(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\(path) missing" }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return "\(path) \(time.tv_sec).\(time.tv_nsec) \(info.st_size) \(info.st_ino)"
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await watch() }
    }

    /// Polls until cancelled.
    func watch() async throws {
        let paths = server.configuration.rulePaths
        let interval = server.configuration.watchInterval
        var seen = Self.signature(of: paths)
        while true {
            try await Task.sleep(for: interval)
            var now = Self.signature(of: paths)
            guard now != seen else { continue }
            // Debounce: wait until one interval passes without a change.
            while true {
                try await Task.sleep(for: interval)
                let again = Self.signature(of: paths)
                if again == now { break }
                now = again
            }
            seen = now
            logger.info("the rule files changed; reloading")
            await server.reload(logger: logger)
        }
    }
}
