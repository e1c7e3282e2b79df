import Foundation

/// Runs the built `rapport` binary and captures what it did.
struct CLIRun: Sendable {
    var stdout: Data
    var stderr: Data
    var status: Int32

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
}

enum CLI {
    /// The package root (three levels above this file).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `rapport` binary built next to the test bundle (`swift test` builds it: the test target
    /// depends on the executable target), or `.build/debug/rapport`.
    static let binary: URL = {
        var candidates: [URL] = []
        let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent()
        candidates.append(bundleDirectory.appendingPathComponent("rapport"))
        if let first = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: first).deletingLastPathComponent()
            // On macOS the test binary sits inside .xctest/Contents/MacOS.
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("rapport"))
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(root.appendingPathComponent(".build/debug/rapport"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// Runs `rapport args...` in the package root with `stdin` as standard input.
    static func run(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> CLIRun {
        try launch(binary, args, stdin: stdin, environment: environment)
    }

    /// Runs `sh -c script` in the package root with `$RAPPORT` naming the binary: for what only a
    /// shell sets up (a umask, stdin redirected from a file, another working directory).
    static func shell(_ script: String, environment: [String: String] = [:]) throws -> CLIRun {
        try launch(
            URL(fileURLWithPath: "/bin/sh"), ["-c", script], stdin: nil,
            environment: environment.merging(["RAPPORT": binary.path]) { mine, _ in mine })
    }

    private static func launch(_ executable: URL, _ args: [String], stdin: Data?, environment: [String: String]) throws -> CLIRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let errData = ReadBox()
        let errThread = Thread { errData.data = errPipe.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        if let stdin {
            let writer = Thread {
                inPipe.fileHandleForWriting.write(stdin)
                try? inPipe.fileHandleForWriting.close()
            }
            writer.start()
        }
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errData.data == nil { usleep(1000) }
        return CLIRun(stdout: out, stderr: errData.data ?? Data(), status: process.terminationStatus)
    }
}

final class ReadBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _data: Data?
    var data: Data? {
        get { lock.lock(); defer { lock.unlock() }; return _data }
        set { lock.lock(); _data = newValue; lock.unlock() }
    }
}
