import ArgumentParser
import Foundation
import Rapport

/// `rapport pack`: see the effective pack of a stack of layers, and write the embedded default as files.
struct Pack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Show the effective rule pack, or export the embedded default pack as files.",
        subcommands: [Show.self, Export.self]
    )

    /// `rapport pack show`: the effective pack, each item with the layer and file it came from.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the effective pack (the default and every --rules layer applied), each item with the layer and file it came from.",
            discussion: """
                YAML (default) is one rule file that loads on its own and classifies as the stack does; \
                every list, reply set, rule and case carries a comment `# layer NAME (FILE:LINE:COLUMN)`, \
                with the patches that changed it, and the rules removed by `disable:` are named above `rules:`. \
                JSON gives the same as an object, the comments as `origin` members.
                Exit codes: 0 shown, 2 the pack has errors, 64 usage error, 74 stdout cannot be written.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case yaml, json
        }

        @OptionGroup var rules: RuleOptions
        @Option(help: "Output format: yaml or json.")
        var format: Format = .yaml
        @OptionGroup var limits: LimitOptions

        func run() throws {
            let engine = try rules.loadEngine(limits: limits, consequence: "nothing was shown")
            try StandardOutput.write(format == .yaml ? PackPrinter.yaml(engine.pack) : PackPrinter.json(engine.pack))
        }
    }

    /// `rapport pack export DIR`: the embedded default pack's files, to read or to start from.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the embedded default pack's files into DIR (created if needed; existing files are never replaced).",
            discussion: """
                Exit codes: 0 written, 64 usage error, 73 a file already exists or DIR cannot be written.
                """
        )

        @Argument(help: "The directory to write the files into.")
        var directory: String

        func run() throws {
            try ScaffoldWriter.write(RulePack.defaultFiles.map { (String($0.name.split(separator: "/").last!), $0.text) }, into: directory)
        }
    }
}

/// Writing a set of new files into a directory without replacing any file that is there.
enum ScaffoldWriter {
    /// Creates `directory` if needed and writes `files` (name, text) into it. Refuses (exit 73, before
    /// writing anything) when any of the files exists; each file is created exclusively, so a file
    /// appearing meanwhile is not replaced either.
    static func write(_ files: [(name: String, text: String)], into directory: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            Terminal.error("\(directory) exists and is not a directory")
            throw ExitCode.cannotCreate
        }
        let paths = files.map { (directory.hasSuffix("/") ? directory : directory + "/") + $0.name }
        let existing = paths.filter { manager.fileExists(atPath: $0) }
        if !existing.isEmpty {
            Terminal.error("not replacing existing file\(existing.count == 1 ? "" : "s"): \(existing.joined(separator: ", "))")
            throw ExitCode.cannotCreate
        }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            Terminal.error("cannot create \(directory): \(error.localizedDescription)")
            throw ExitCode.cannotCreate
        }
        for (path, file) in zip(paths, files) {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            guard descriptor >= 0 else {
                Terminal.error("cannot create \(path): \(String(cString: strerror(errno)))")
                throw ExitCode.cannotCreate
            }
            let bytes = Array(file.text.utf8)
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            guard written == bytes.count else {
                Terminal.error("cannot write \(path)")
                throw ExitCode.cannotCreate
            }
        }
        Terminal.writeError("rapport: wrote \(files.count) file\(files.count == 1 ? "" : "s") into \(directory)\n")
    }
}
