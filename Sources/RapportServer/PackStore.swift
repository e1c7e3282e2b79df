public import Rapport
import Dispatch
import Foundation
import Synchronization

/// The compiled pack the service classifies with, and what `/v1/pack` says about it.
public struct LoadedPack: Sendable {
    /// The engine; requests take it once and finish on it, whatever is swapped in meanwhile.
    public let engine: Engine
    /// The pack's `pack:` name.
    public let name: String
    /// 1 for the pack loaded at start, then one more for each successful reload.
    public let version: Int
    /// What was loaded, in order: `default` (the embedded pack) and the `--rules` paths.
    public let layers: [String]
    /// When it was loaded (ISO 8601, UTC).
    public let loadedAt: String
}

/// Why the last reload was refused (the previous pack stayed in use).
public struct ReloadFailure: Sendable, Error {
    /// When the reload was tried (ISO 8601, UTC).
    public let at: String
    /// A one-line summary.
    public let message: String
    /// The pack's diagnostics, errors and warnings.
    public let diagnostics: [Diagnostic]
}

/// Holds the current pack and swaps in reloaded ones atomically.
///
/// Loading and compiling run on a serial dispatch queue, off the request path and one at a time;
/// requests read the current pack under a lock held only to copy a reference.
public final class PackStore: Sendable {
    private struct State {
        var current: LoadedPack
        var lastFailure: ReloadFailure?
    }

    private let state: Mutex<State>
    private let configuration: ServeConfiguration
    private let queue = DispatchQueue(label: "rapport.reload")

    /// Loads the configured packs; throws their diagnostics when they have errors.
    public init(configuration: ServeConfiguration) throws(RulePackError) {
        self.configuration = configuration
        let pack = try Self.load(configuration, version: 1)
        state = Mutex(State(current: pack, lastFailure: nil))
    }

    /// The pack to classify with now.
    public var current: LoadedPack { state.withLock { $0.current } }

    /// Why the last reload was refused, unless a later one succeeded.
    public var lastFailure: ReloadFailure? { state.withLock { $0.lastFailure } }

    /// Loads and compiles the packs again and swaps them in; a pack with errors is refused and the
    /// current one stays. Runs off the caller's thread; reloads happen one at a time.
    public func reload() async -> Result<LoadedPack, ReloadFailure> {
        await withCheckedContinuation { continuation in
            queue.async {
                let next = self.current.version + 1
                do throws(RulePackError) {
                    let pack = try Self.load(self.configuration, version: next)
                    self.state.withLock {
                        $0.current = pack
                        $0.lastFailure = nil
                    }
                    continuation.resume(returning: .success(pack))
                } catch {
                    let count = error.errors.count
                    let failure = ReloadFailure(
                        at: Self.now(), message: "the rule pack has \(count) error\(count == 1 ? "" : "s"); the previous pack stays in use",
                        diagnostics: error.diagnostics)
                    self.state.withLock { $0.lastFailure = failure }
                    continuation.resume(returning: .failure(failure))
                }
            }
        }
    }

    private static func load(_ configuration: ServeConfiguration, version: Int) throws(RulePackError) -> LoadedPack {
        let pack = try RulePack.load(paths: configuration.rulePaths, overDefault: configuration.overDefault, limits: configuration.packLimits)
        let engine = try Engine(pack: pack, options: configuration.engineOptions)
        return LoadedPack(
            engine: engine, name: pack.settings.name, version: version,
            layers: (configuration.overDefault ? ["default"] : []) + configuration.rulePaths, loadedAt: now())
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
