internal import RapportYAML

/// Decoding of the `fields:` section: field aliases (`followers: [author.followers, user.public_metrics.followers_count]`).
extension PackFileDecoder {
    mutating func decodeFields(_ node: Node) {
        guard let map = mapping(node, "'fields'") else { return }
        for entry in map.entries {
            guard let (name, keyScalar) = text(entry.key, "a field name in 'fields'", numbers: false) else { continue }
            guard Self.isFieldName(name) else {
                error(
                    DiagnosticCode.invalidValue, "'\(name)' in 'fields' is not a field name", at: keyScalar.mark,
                    hint: "use letters, digits, '_' and '-', with '.' between the parts of a nested name")
                continue
            }
            if name == "label" {
                error(DiagnosticCode.invalidValue, "'label' in 'fields' cannot be an alias: it is the decided label", at: keyScalar.mark)
                continue
            }
            var paths: [String] = []
            for (path, scalar) in strings(entry.value, "'\(name)' in 'fields'", item: "a field path", numbers: false) {
                if !Self.isFieldName(path) {
                    error(
                        DiagnosticCode.invalidValue, "'\(path)' in 'fields.\(name)' is not a field path", at: scalar.mark,
                        hint: "write a dotted path into the record, such as user.public_metrics.followers_count")
                } else if path == name || paths.contains(path) {
                    error(
                        DiagnosticCode.invalidValue, "'\(path)' appears twice in 'fields.\(name)' (the name itself is always tried first)",
                        at: scalar.mark)
                } else {
                    paths.append(path)
                }
            }
            if paths.isEmpty, case .sequence(let seq) = entry.value, seq.items.isEmpty {
                error(DiagnosticCode.invalidValue, "'fields.\(name)' lists no field paths", at: entry.value.mark)
            }
            fragment.fieldAliases.append((name, paths, positions.location(keyScalar.mark)))
        }
    }

    /// A dotted field name: parts of letters, digits, `_` and `-`, separated by single dots.
    static func isFieldName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        }
    }
}
