import RapportSupport

/// The templates of ``CompiledReplies/lists`` laid out for rendering replies as UTF-8 (issue 18): every
/// template's text in one byte buffer and its pieces as plain records, so rendering a template for a
/// comment copies byte ranges and copies no `String`, enum payload or array (each of which the
/// ``CompiledTemplate`` pieces retained and released per template tried).
///
/// The tables are in memory the object allocates, read through pointers: nothing is retained per
/// comment. Immutable once built, so shared by worker threads.
final class ReplyCode: @unchecked Sendable {
    /// One template: its pieces are `pieces[pieceStart..<pieceEnd]`.
    struct TemplateEntry {
        var pieceStart: Int32
        var pieceEnd: Int32
        /// ``CompiledTemplate/textIsPlain``.
        var textIsPlain: Bool
        /// ``CompiledTemplate/usesMatch``.
        var usesMatch: Bool
    }

    /// Text (`bytes[textStart..<textEnd]`), then the variable `variable` (-1: none).
    struct Piece {
        var textStart: Int32
        var textEnd: Int32
        var variable: Int32
    }

    /// Where a variable's value comes from.
    enum Source: UInt8 {
        case brand, match, field
    }

    /// A variable: its source (with the comment field's number in ``fieldKeys`` for a field) and its
    /// fallback, `bytes[fallbackStart..<fallbackEnd]` (`fallbackStart` -1: none).
    struct Variable {
        var source: Source
        var field: Int32
        var fallbackStart: Int32
        var fallbackEnd: Int32
        var fallbackIsPlain: Bool
    }

    /// The templates of list `r` are `templates[listStarts[r]..<listStarts[r + 1]]`.
    let listStarts: UnsafeBufferPointer<Int32>
    let templates: UnsafeBufferPointer<TemplateEntry>
    let pieces: UnsafeBufferPointer<Piece>
    let variables: UnsafeBufferPointer<Variable>
    /// Every text piece and fallback, back to back, as UTF-8.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The comment fields variables name, each once.
    let fieldKeys: [FieldKey]
    /// The brand's bytes in ``bytes`` (`brandStart` -1: no brand, or an empty one: `{brand}` has no value).
    let brandStart: Int
    let brandEnd: Int
    let brandIsPlain: Bool

    init(lists: [[CompiledTemplate]], brand: String?) {
        var bytes: [UInt8] = []
        var listStarts: [Int32] = [0]
        var templates: [TemplateEntry] = []
        var pieces: [Piece] = []
        var variables: [Variable] = []
        var fieldKeys: [FieldKey] = []
        var fieldNumbers: [String: Int32] = [:]
        func add(_ text: String) -> (start: Int32, end: Int32) {
            let start = Int32(bytes.count)
            bytes += text.utf8
            return (start, Int32(bytes.count))
        }
        for list in lists {
            for template in list {
                let pieceStart = Int32(pieces.count)
                var text = (start: Int32(bytes.count), end: Int32(bytes.count))
                for piece in template.pieces {
                    switch piece {
                    case .text(let literal):
                        let added = add(literal)
                        text.end = added.end
                    case .variable(let source, let fallback):
                        var variable = Variable(source: .brand, field: -1, fallbackStart: -1, fallbackEnd: -1, fallbackIsPlain: true)
                        switch source {
                        case .brand: variable.source = .brand
                        case .match: variable.source = .match
                        case .field(let key):
                            variable.source = .field
                            if let number = fieldNumbers[key.name] {
                                variable.field = number
                            } else {
                                variable.field = Int32(fieldKeys.count)
                                fieldNumbers[key.name] = variable.field
                                fieldKeys.append(key)
                            }
                        }
                        if let fallback {
                            (variable.fallbackStart, variable.fallbackEnd) = add(fallback)
                            variable.fallbackIsPlain = fallback.utf8.allSatisfy(JSONEscaping.isPlain)
                        }
                        pieces.append(Piece(textStart: text.start, textEnd: text.end, variable: Int32(variables.count)))
                        variables.append(variable)
                        text = (Int32(bytes.count), Int32(bytes.count))
                    }
                }
                if text.end > text.start || pieces.count == pieceStart {
                    pieces.append(Piece(textStart: text.start, textEnd: text.end, variable: -1))
                }
                templates.append(
                    TemplateEntry(
                        pieceStart: pieceStart, pieceEnd: Int32(pieces.count), textIsPlain: template.textIsPlain,
                        usesMatch: template.usesMatch))
            }
            listStarts.append(Int32(templates.count))
        }
        if let brand, !brand.isEmpty {
            let added = add(brand)
            brandStart = Int(added.start)
            brandEnd = Int(added.end)
            brandIsPlain = brand.utf8.allSatisfy(JSONEscaping.isPlain)
        } else {
            brandStart = -1
            brandEnd = -1
            brandIsPlain = true
        }
        self.listStarts = .copying(listStarts)
        self.templates = .copying(templates)
        self.pieces = .copying(pieces)
        self.variables = .copying(variables)
        self.bytes = .copying(bytes)
        self.fieldKeys = fieldKeys
    }

    deinit {
        listStarts.deallocate()
        templates.deallocate()
        pieces.deallocate()
        variables.deallocate()
        bytes.deallocate()
    }

    /// How many templates list `list` has.
    @inline(__always)
    func count(of list: Int) -> Int {
        Int(listStarts[list + 1] &- listStarts[list])
    }

    /// The number of variant `variant` of list `list` in ``templates``.
    @inline(__always)
    func template(_ variant: Int, of list: Int) -> Int {
        Int(listStarts[list]) &+ variant
    }
}

/// Renders the templates of a ``ReplyCode`` as UTF-8 for one comment: the same bytes
/// ``TemplateRenderer/render(_:match:memo:into:plain:)`` appends for the same template.
struct ReplyCodeRenderer {
    let code: ReplyCode
    let fields: FieldLookup
    /// The comment field looked up last (its number in ``ReplyCode/fieldKeys``, -1: none yet), its
    /// text (nil: no value) and whether that text needs no JSON escape: the templates tried for one
    /// comment mostly name the same field (`{author|…}`).
    private var memoField: Int32 = -1
    private var memoText: String?
    private var memoIsPlain = true

    init(code: ReplyCode, fields: FieldLookup) {
        self.code = code
        self.fields = fields
    }

    /// Appends template number `template` (of ``ReplyCode/templates``) rendered to `bytes`: true when
    /// rendered, false (and `bytes` as they were) when a variable has no value and no fallback. `plain`
    /// is set to whether the text needs no JSON escape. `match` is the matched text, asked for only by
    /// a template that shows it. With `preferFallbacks`, a variable that has a fallback shows it even when
    /// the comment has a value (a reply too long with a long author name is tried again as "Hi there, …").
    mutating func render(
        _ template: Int, match: () -> String?, into bytes: inout [UInt8], plain: inout Bool, preferFallbacks: Bool = false
    ) -> Bool {
        let code = self.code
        let entry = code.templates[template]
        var isPlain = entry.textIsPlain
        let start = bytes.count
        let all = code.bytes
        var matchText: String??
        for index in Int(entry.pieceStart)..<Int(entry.pieceEnd) {
            let piece = code.pieces[index]
            if piece.textEnd > piece.textStart {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: all[Int(piece.textStart)..<Int(piece.textEnd)]))
            }
            if piece.variable < 0 { continue }
            let variable = code.variables[Int(piece.variable)]
            var inserted = false
            if preferFallbacks && variable.fallbackStart >= 0 {
                // The fallback below.
            } else {
                switch variable.source {
                case .brand:
                    if code.brandStart >= 0 {
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: all[code.brandStart..<code.brandEnd]))
                        if isPlain { isPlain = code.brandIsPlain }
                        inserted = true
                    }
                case .match:
                    if matchText == nil { matchText = match() }
                    if let text = matchText!, !text.isEmpty {
                        let from = bytes.count
                        Self.append(text, to: &bytes)
                        if isPlain { isPlain = bytes.withUnsafeBufferPointer { JSONEscaping.isPlain(UnsafeBufferPointer(rebasing: $0[from...])) } }
                        inserted = true
                    }
                case .field:
                    if variable.field != memoField {
                        memoField = variable.field
                        var text = fields.value(code.fieldKeys[Int(variable.field)])?.text
                        if text?.isEmpty == true { text = nil }
                        memoText = text
                        memoIsPlain =
                            text.map { text in
                                var text = text
                                return text.withUTF8 { JSONEscaping.isPlain($0) }
                            } ?? true
                    }
                    if let text = memoText {
                        Self.append(text, to: &bytes)
                        if isPlain { isPlain = memoIsPlain }
                        inserted = true
                    }
                }
            }
            if !inserted {
                guard variable.fallbackStart >= 0 else {
                    bytes.removeLast(bytes.count - start)
                    return false
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: all[Int(variable.fallbackStart)..<Int(variable.fallbackEnd)]))
                if isPlain { isPlain = variable.fallbackIsPlain }
            }
        }
        plain = isPlain
        return true
    }

    /// Appends the UTF-8 of `text` to `bytes`: one copy of a native string's bytes.
    @inline(__always)
    private static func append(_ text: String, to bytes: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if done == nil { bytes.append(contentsOf: text.utf8) }
    }
}
