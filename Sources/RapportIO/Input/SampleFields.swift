internal import Rapport

/// The fields a sample export holds, read through the same readers, field mapping and decoding as
/// `rapport classify`: what `rapport lint --sample` checks a pack's `when` conditions against.
public enum SampleFields {
    /// The dotted names of the fields that have a value (not `null`, not empty) in at least one
    /// record of `path`, with `id`, `text` and `author` when the reader found them; and how many
    /// records were read (error records included).
    /// Every field of every record is decoded, so a misspelt name can be matched to one the sample has.
    /// - Throws: ``InputError`` when the input cannot be opened or read.
    public static func read(_ path: String, options: InputOptions) throws(InputError) -> (fields: Set<String>, records: Int) {
        let source = try InputSource.open(path, options: options)
        let decoder = source.decoder
        var fields: Set<String> = []
        var records = 0
        while case .record(let raw) = try source.next(mayBlock: true) {
            records += 1
            guard case .success(let decoded) = decoder.decode(raw) else { continue }
            let comment = decoded.comment
            if !comment.text.isEmpty { fields.insert("text") }
            if !comment.id.isEmpty { fields.insert("id") }
            if let author = comment.author, !author.isEmpty { fields.insert("author") }
            for (name, value) in comment.fields {
                switch value {
                case .null: continue
                case .string(let text) where text.isEmpty: continue
                default: fields.insert(name)
                }
            }
        }
        return (fields, records)
    }
}
