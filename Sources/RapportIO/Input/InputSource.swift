#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to read inputs: format override, field mapping, kept fields, and the limits that keep a
/// hostile record from costing unbounded memory or time (each becomes an error record, never a crash).
public struct InputOptions: Sendable {
    /// Overrides detection (`--input-format`).
    public var format: InputFormat?
    /// Which fields hold the text, id and author (`--text-field`, `--id-field`, `--author-field`).
    public var mapping: FieldMapping
    /// Dotted input fields copied into each output record as written (`--keep-fields`).
    public var keepFields: [String]
    /// Longer records (lines, rows, array elements) become error records without being buffered whole
    /// (`--max-record-bytes`, default 4 MiB).
    public var maxRecordBytes: Int
    /// Deeper JSON nesting in a record makes it an error record (`--limit json-depth=N`, default 256, at most 1,000).
    public var maxDepth: Int
    /// A record with more fields makes it an error record: CSV/TSV columns, or JSON members and array
    /// elements at every level (`--limit fields=N`, default 1,000). A CSV header with more columns refuses the input.
    public var maxFields: Int
    /// The number of the input's first line (`--first-line`): a tool that classifies one file in
    /// pieces (the Spark job) gives each piece its place, so positional ids and error lines match
    /// a run on the whole file.
    public var firstLine: Int
    /// The CSV cell delimiter (`--delimiter`): forces it, and CSV when no format is given. Without
    /// it a CSV file's delimiter is taken from its header when that is unambiguous (see
    /// ``InputFormat/csvDelimiter(ofHeader:)``), else a comma.
    public var delimiter: UInt8?

    /// Options with the CLI's defaults unless given.
    public init(
        format: InputFormat? = nil, mapping: FieldMapping = FieldMapping(), keepFields: [String] = [],
        maxRecordBytes: Int = 4 << 20, maxDepth: Int = JSONParser.defaultMaxDepth, maxFields: Int = 1_000, firstLine: Int = 1,
        delimiter: UInt8? = nil
    ) {
        self.delimiter = delimiter
        self.format = format
        self.mapping = mapping
        self.keepFields = keepFields
        self.maxRecordBytes = maxRecordBytes
        self.maxDepth = maxDepth
        self.maxFields = maxFields
        self.firstLine = firstLine
    }
}

/// One opened input: its detected format, its record splitter and decoder.
public final class InputSource {
    /// The name used in messages: the path, or `<stdin>`.
    public let name: String
    /// The format the input is read as (given, from the extension, or detected).
    public let format: InputFormat
    /// Set when the format was guessed from the content (no `--input-format`, and no extension naming a
    /// format or, with `.json`, the JSON family): the guess and why, for a notice on how to override it.
    public let detection: InputFormat.Detection?
    /// The input's size in bytes when it is a regular file (for percent and ETA).
    public let size: Int?
    /// Whether the input is a pipe or socket (records are then answered as soon as they arrive).
    public let isPipe: Bool
    /// Decodes this input's raw records into comments (``RecordDecoder/decode(_:)``).
    public let decoder: RecordDecoder
    let splitter: (any RecordSplitter)?

    /// Bytes of the input consumed so far.
    public var bytesConsumed: Int {
        guard let source = splitter?.source else { return 0 }
        return source.consumedBefore + source.start
    }

    /// Opens `path` (`-` for standard input), detects its format and reads a CSV header.
    /// `idPrefix` goes before positional ids (several inputs).
    public static func open(_ path: String, options: InputOptions, idPrefix: String = "") throws(InputError) -> InputSource {
        let isStdin = path == "-"
        let name = isStdin ? "<stdin>" : path
        let fd: Int32 = isStdin ? 0 : Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(input: name, message: "cannot open: \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            if !isStdin { close(fd) }
            throw InputError(input: name, message: "cannot read: \(reason)")
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR {
            if !isStdin { close(fd) }
            throw InputError(input: name, message: "is a directory")
        }
        let size = type == S_IFREG ? Int(info.st_size) : nil
        let isPipe = type == S_IFIFO || type == S_IFSOCK
        let source = ByteSource(fd: fd, name: name, ownsDescriptor: !isStdin)
        // A `.json` file holds a JSON array or JSON Lines: the guess is only between the two, and needs no notice.
        return try open(
            source, name: name, size: size, isPipe: isPipe, extensionFormat: isStdin ? nil : InputFormat.fromExtension(of: path),
            jsonFile: !isStdin && path.lowercased().hasSuffix(".json"), options: options, idPrefix: idPrefix)
    }

    /// An input over bytes already in memory (an HTTP request body), read exactly as a file holding
    /// them: the format is `options.format`, else detected from the content.
    public static func open(bytes: [UInt8], name: String, options: InputOptions, idPrefix: String = "") throws(InputError) -> InputSource {
        try open(
            ByteSource(bytes: bytes, name: name), name: name, size: bytes.count, isPipe: false, extensionFormat: nil,
            jsonFile: false, options: options, idPrefix: idPrefix)
    }

    private static func open(
        _ source: ByteSource, name: String, size: Int?, isPipe: Bool, extensionFormat: InputFormat?,
        jsonFile: Bool, options: InputOptions, idPrefix: String
    ) throws(InputError) -> InputSource {
        // Excel's "Unicode text" export is UTF-16 with tabs, saved as `.txt`: its content decides.
        let utf16 = try source.detectUTF16()
        let fromName = utf16 && extensionFormat == .text ? nil : extensionFormat
        var format = options.format ?? fromName ?? (options.delimiter == nil ? nil : .csv)
        var detection: InputFormat.Detection?
        if format == nil {
            let (line, complete) = try Self.firstLine(of: source, limit: max(1 << 16, options.maxRecordBytes))
            let guess = InputFormat.detect(firstLine: line, textColumns: options.mapping.textPaths, complete: complete, json: jsonFile)
            format = guess.format
            if !jsonFile { detection = guess }
        }
        let detected = format!
        let splitter: any RecordSplitter
        let shape: RecordDecoder.Shape
        switch detected {
        case .jsonl:
            splitter = LineSplitter(
                source: source, maxRecordBytes: options.maxRecordBytes, firstLine: options.firstLine, apiShapes: true, maxDepth: options.maxDepth)
            try source.skipBOM()
            shape = .json(idFromIndex: false)
        case .text:
            splitter = LineSplitter(source: source, maxRecordBytes: options.maxRecordBytes, firstLine: options.firstLine)
            try source.skipBOM()
            shape = .text
        case .json:
            splitter = JSONArraySplitter(
                source: source, maxRecordBytes: options.maxRecordBytes, maxDepth: options.maxDepth,
                firstLine: options.firstLine)
            shape = .json(idFromIndex: true)
        case .csv, .tsv:
            var delimiter = options.delimiter ?? detection?.delimiter ?? (detected == .csv ? UInt8(ascii: ",") : 0x09)
            if options.delimiter == nil, detected == .csv, detection == nil {
                let (line, _) = try Self.firstLine(of: source, limit: max(1 << 16, options.maxRecordBytes))
                delimiter = InputFormat.csvDelimiter(ofHeader: line) ?? delimiter
            }
            let csv = CSVSplitter(
                source: source, delimiter: delimiter, maxRecordBytes: options.maxRecordBytes,
                maxHeaderCells: options.maxFields == .max ? .max : options.maxFields + 1, firstLine: options.firstLine)
            guard try csv.readHeader() else {
                // An empty file: no header, no records.
                let decoder = try! RecordDecoder(shape: .text, mapping: options.mapping)
                return InputSource(name: name, format: detected, detection: detection, size: size, isPipe: isPipe, decoder: decoder, splitter: nil)
            }
            if csv.header.count > options.maxFields {
                throw InputError(input: name, message: "line 1: the header has more than \(options.maxFields) columns (see --limit fields=N)")
            }
            splitter = csv
            shape = .delimited(header: csv.header, delimiter: delimiter)
        }
        let decoder: RecordDecoder
        do {
            decoder = try RecordDecoder(
                shape: shape, mapping: options.mapping, keepFields: options.keepFields, idPrefix: idPrefix,
                maxDepth: options.maxDepth, maxFields: options.maxFields)
        } catch {
            throw InputError(input: name, message: "line 1: " + error.message + Self.delimiterHint(shape))
        }
        return InputSource(name: name, format: detected, detection: detection, size: size, isPipe: isPipe, decoder: decoder, splitter: splitter)
    }

    /// Why a CSV header may have failed: a one-column header holding another delimiter.
    private static func delimiterHint(_ shape: RecordDecoder.Shape) -> String {
        guard case .delimited(let header, let delimiter) = shape, header.count == 1,
            let other = InputFormat.csvDelimiters.first(where: { $0 != delimiter && header[0].utf8.contains($0) })
        else { return "" }
        let shown = other == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(other)))'"
        let flag = other == 0x09 ? "--delimiter tab" : "--delimiter '\(Character(Unicode.Scalar(other)))'"
        return "; the header is one column holding \(shown): the file is probably \(shown)-separated (use \(flag))"
    }

    private init(
        name: String, format: InputFormat, detection: InputFormat.Detection?, size: Int?, isPipe: Bool,
        decoder: RecordDecoder, splitter: (any RecordSplitter)?
    ) {
        self.name = name
        self.format = format
        self.detection = detection
        self.size = size
        self.isPipe = isPipe
        self.decoder = decoder
        self.splitter = splitter
    }

    /// Buffers (without consuming) the first line, up to `limit` bytes (the record limit: a minified
    /// `{"data":[...]}` is one long line); `complete` is false when the line is longer.
    private static func firstLine(of source: ByteSource, limit: Int) throws(InputError) -> (line: [UInt8], complete: Bool) {
        while true {
            if let nl = source.find(0x0A, from: source.start) { return (source.bytes(source.start..<nl), true) }
            if source.available >= limit { return (source.bytes(source.start..<(source.start + limit)), false) }
            if !(try source.fill()) { return (source.bytes(source.start..<source.end), true) }
        }
    }

    /// The next record, or nil at the end; `.wouldBlock` when not allowed to wait.
    func next(mayBlock: Bool) throws(InputError) -> SplitStep {
        guard let splitter else { return .end }
        return try splitter.next(mayBlock: mayBlock)
    }

    /// Adds the next record to `batch`; `.wouldBlock` when not allowed to wait.
    func next(into batch: inout RecordBatch, mayBlock: Bool) throws(InputError) -> BatchStep {
        guard let splitter else { return .end }
        return try splitter.next(into: &batch, mayBlock: mayBlock)
    }
}
