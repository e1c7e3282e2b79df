import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `rapport` command: classify comments with YAML rule packs, and author and test those packs.
@main
struct RapportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Classify comments to a brand, flag escalations and suggest replies.",
        subcommands: [Classify.self, Explain.self, Lint.self, Test.self, Eval.self, Tune.self, LexiconCommand.self, Suggest.self, Pack.self, Init.self]
    )

    /// Runs the command as `ParsableCommand.main()` does, except that usage and validation errors
    /// (which can quote file names and option values) reach stderr through ``Terminal/writeError(_:)``.
    static func main() {
        MemoryPolicy.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                // Help and other clean exits print on stdout, as ArgumentParser does.
                if code == .success { print(message) } else { Terminal.writeError(message + "\n") }
            }
            terminate(code.rawValue)
        }
    }
}

/// The C library's `exit` (inside a command type `exit` names `ParsableCommand.exit(withError:)`).
private func terminate(_ status: Int32) -> Never {
    exit(status)
}

/// How the process asks the C library's allocator to hand memory back.
enum MemoryPolicy {
    /// Blocks of this many bytes or more are mapped on their own and unmapped when freed.
    static let mapThreshold: Int32 = 1 << 18

    /// glibc moves its mmap threshold up to the largest block freed (as far as 32 MB), and from then on
    /// blocks below it come from the main heap, where freed space stays resident. Loading the default pack
    /// frees large temporary arrays (the matcher's trie and tables while the automaton is built), so what is
    /// made after them, and each worker's buffers, landed beside that freed space. A fixed threshold of
    /// 256 KiB maps the big blocks on their own and returns them when they are freed: peak RSS of an empty
    /// `classify` about 62 → 58.5 MB, of 200,000 records about 71 → 61 MB, for some 200 more `mmap` calls
    /// a run (docs/PERFORMANCE.md, "Session 32: peak memory"). Other C libraries: nothing.
    static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not import: it is looked up by
        // name. M_MMAP_THRESHOLD is -3 in every glibc.
        typealias MalloptFunction = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MalloptFunction.self)
        _ = mallopt(-3, mapThreshold)
        #endif
    }
}
