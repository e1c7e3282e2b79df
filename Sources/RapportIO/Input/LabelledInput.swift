public import Rapport
import RapportSupport

/// The fields of a labelled file beyond the comment: people's label and, when the file has them,
/// the escalation level and route they gave.
public struct LabelledFields: Sendable, Hashable {
    /// The field holding people's label (`--label-field`, default `label`).
    public var label: String
    /// The field holding the escalation level (`none`, `low`, `medium`, `high`, `critical`).
    public var escalation: String
    /// The field holding the route (`none` when not escalated).
    public var route: String

    /// The field names, `label`, `escalation` and `route` unless given.
    public init(label: String = "label", escalation: String = "escalation", route: String = "route") {
        self.label = label
        self.escalation = escalation
        self.route = route
    }
}

/// Reads labelled comment files (what `rapport eval` scores) through the same readers, field
/// mapping and decoding as `rapport classify`, so a pack sees every record exactly as `classify`
/// would: any input format but plain text, `--text-field`/`--id-field`/`--author-field`, and every
/// other field of the record available to `when` conditions and templates.
///
/// A record that cannot be used (unreadable, no label, an unknown escalation level) becomes a
/// ``RecordProblem`` naming its input line; the others are still read.
public enum LabelledInput {
    /// The escalation levels a labelled file may give (`none`: not escalated).
    public static let escalationLevels = ["none"] + EscalationLevel.allCases.map(\.rawValue)

    /// Reads every record of `path` (`-` for standard input).
    /// - Parameters:
    ///   - options: how `classify` would read the input (format, field mapping, limits); its kept fields are replaced.
    ///   - fields: where the label, escalation and route are.
    ///   - demand: the fields the packs that will classify the records read (``FieldDemand/init(pack:)``);
    ///     for JSON input only these (and the comment's own fields) are decoded.
    /// - Throws: ``InputError`` when the input cannot be opened or read, is plain text, or is a CSV/TSV
    ///   file whose header has no text or label column.
    public static func read(
        _ path: String, options: InputOptions, fields: LabelledFields = LabelledFields(),
        demand: FieldDemand
    ) throws(InputError) -> LabelledDataset {
        var options = options
        options.keepFields = [fields.label, fields.escalation, fields.route]
        let source = try InputSource.open(path, options: options)
        switch source.decoder.shape {
        case .text:
            throw InputError(input: source.name, message: "plain text has no '\(fields.label)' field: give CSV, TSV, JSON Lines or JSON (see --input-format)")
        case .delimited(let header, _):
            guard header.contains(fields.label) else {
                throw InputError(input: source.name, message: "line 1: no '\(fields.label)' column in the header (columns: \(header.joined(separator: ", ")))")
            }
        case .json:
            break
        }
        let decoder = source.decoder.demanding(demand)
        var dataset = LabelledDataset()
        while case .record(let raw) = try source.next(mayBlock: true) {
            switch decoder.decode(raw) {
            case .failure(let error):
                dataset.problems.append(RecordProblem(line: error.line, message: error.message))
            case .success(let decoded):
                switch labelled(decoded, line: raw.line, fields: fields) {
                case .success(let record): dataset.records.append(record)
                case .failure(let problem): dataset.problems.append(problem)
                }
            }
        }
        return dataset
    }

    /// The labelled record of a decoded one whose kept fields are label, escalation and route.
    static func labelled(_ decoded: DecodedRecord, line: Int, fields: LabelledFields) -> Result<LabelledRecord, RecordProblem> {
        guard let label = text(of: decoded.kept[0].value) else {
            return .failure(RecordProblem(line: line, message: "no '\(fields.label)' field, or it is empty"))
        }
        let escalation = text(of: decoded.kept[1].value)?.lowercased()
        if let escalation, !escalationLevels.contains(escalation) {
            return .failure(
                RecordProblem(line: line, message: "'\(fields.escalation)' is '\(escalation)', not one of \(escalationLevels.joined(separator: ", "))"))
        }
        let route = text(of: decoded.kept[2].value)?.lowercased()
        return .success(LabelledRecord(comment: decoded.comment, line: line, label: label, escalation: escalation, route: route))
    }

    /// A kept field's value as trimmed text (a number as the input wrote it); nil when absent, null or blank.
    static func text(of value: KeptValue) -> String? {
        let text: String
        switch value {
        case .null: return nil
        case .string(let s): text = s
        case .bool(let b): text = b ? "true" : "false"
        case .number(let literal): text = literal
        }
        let trimmed = text.trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }
}
