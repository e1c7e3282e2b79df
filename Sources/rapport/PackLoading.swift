import ArgumentParser
import Rapport

/// Loading the pack a command works with, and reporting a broken one the same way everywhere.
enum PackLoading {
    /// Loads `paths` (over the embedded default when `overDefault`; the default alone when there
    /// are no paths) and compiles it, under `--limit` values when given. On errors prints the diagnostics and
    /// `rapport: the rule pack has N errors; <consequence>` on stderr and exits with 2.
    static func engine(paths: [String], overDefault: Bool, limits: LimitOptions? = nil, consequence: String) throws -> Engine {
        do throws(RulePackError) {
            return try Engine.load(
                paths: paths, overDefault: overDefault, limits: limits?.pack ?? .default,
                options: limits?.engine ?? Engine.Options())
        } catch {
            Terminal.writeErrorLines(error.diagnostics.map(\.description))
            let count = error.errors.count
            Terminal.error("the rule pack has \(count) error\(count == 1 ? "" : "s"); \(consequence)")
            throw ExitCode.packHasErrors
        }
    }
}
