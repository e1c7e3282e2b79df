/// What one rule file contributes to a pack, before files are merged and cross-checked.
struct PackFragment: Sendable {
    var file: String
    /// Which layer the file belongs to: 0 for the first pack, higher for packs layered on top.
    /// A later layer may redefine what an earlier one defines (settings, lists, replies, rule ids).
    var layer = 0
    var settings: (value: PackSettings, location: SourceLocation)?
    /// Set when the file's `pack:` names its negator list explicitly.
    var explicitNegators: (name: String, location: SourceLocation)?
    var lists: [PhraseList] = []
    /// The file's `labels:` section: the pack's own labels it declares, each where it is written.
    var labels: [(label: Label, location: SourceLocation)] = []
    /// The `fields:` section: each alias name, the paths it stands for, and where the name is written.
    var fieldAliases: [(name: String, paths: [String], location: SourceLocation)] = []
    /// Reply sections by key (`praise`, `handoff`, `handoff.crisis`), in file order.
    var replies: [(key: String, templates: [Template], location: SourceLocation)] = []
    var rules: [Rule] = []
    /// How many entries the file's `rules:` list has, decodable or not.
    var ruleEntries = 0
    /// Where each rule's id is written (parallel to `rules`).
    var ruleIDLocations: [SourceLocation] = []
    var cases: [PackCase] = []
    /// The file's `lexicon:` section.
    var lexicon: Lexicon?
    /// The file's `escalation_model:` section.
    var escalationModel: EscalationModel?
    /// The file's `patch:` section, where it starts, and its changes to rules (in file order).
    var patch: (value: PackPatch, location: SourceLocation, rules: [RuleEdit])?
    /// The changes to lists of the file's `patch:` section.
    var listEdits: [ListEdit] = []
    /// The file's `disable:` entries (rule ids or globs) and where each is written.
    var disabled: [(pattern: String, location: SourceLocation)] = []
    /// Every `<name>` used in a pattern, with its exact location and what used it.
    var listReferences: [(name: String, location: SourceLocation, context: String)] = []

    /// Names written as `<name>` in patterns that failed to parse: they count as used, unchecked.
    var looseListMentions: Set<String> = []

    init(file: String) { self.file = file }
}
