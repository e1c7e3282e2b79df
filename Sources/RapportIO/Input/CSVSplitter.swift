import RapportSupport

/// Splits CSV or TSV (RFC 4180) into rows: quoted fields may hold delimiters, `""` and newlines;
/// rows end with `\n` or `\r\n`; a UTF-8 BOM is skipped. The first row is the header.
///
/// Written here rather than taken from a package: the pipeline needs raw row bytes with their
/// line numbers (so a bad row becomes an error record naming its line) and streaming from a
/// descriptor with bounded memory; field splitting then runs on the worker threads (``CSVRow``).
final class CSVSplitter: RecordSplitter {
    let source: ByteSource
    let delimiter: UInt8
    let maxRecordBytes: Int
    /// The header is split into at most this many cells (the caller refuses a header that reaches it).
    let maxHeaderCells: Int
    /// The header row's cells.
    private(set) var header: [String] = []
    private var line = 0
    private var index = 0
    private var scanned = 0
    private var inQuotes = false
    private var cellStart = true
    private var justClosed = false
    private var newlinesInRow = 0
    /// Set while the rest of an over-long row is skipped (quotes still count, so a quoted cell
    /// spanning lines stays in the row); the line the row started on.
    private var skippingFrom: Int? = nil

    /// `firstLine` is the number of the input's first line, the header's (see ``InputOptions/firstLine``).
    init(source: ByteSource, delimiter: UInt8, maxRecordBytes: Int, maxHeaderCells: Int = .max, firstLine: Int = 1) {
        self.source = source
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.maxHeaderCells = maxHeaderCells
        self.line = firstLine - 1
    }

    /// Reads the header row (blocking). Returns false when the input is empty.
    func readHeader() throws(InputError) -> Bool {
        try source.skipBOM()
        while true {
            switch try next(mayBlock: true) {
            case .end, .wouldBlock: return false
            case .record(let row):
                index = 0
                if let error = row.error { throw InputError(input: source.name, message: "line \(row.line): header row: \(error)") }
                header = CSVRow.split(row.bytes, delimiter: delimiter, maxCells: maxHeaderCells).map { TextDecoding.decode($0).text.trimmingSpaces }
                return true
            }
        }
    }

    func next(mayBlock: Bool) throws(InputError) -> SplitStep {
        while true {
            // Scan for the end of the row outside quotes.
            var i = source.start + scanned
            let end = source.end
            var rowEnd: Int? = nil
            while i < end {
                let c = source[i]
                if inQuotes {
                    if c == UInt8(ascii: "\"") { inQuotes = false; justClosed = true } else if c == 0x0A { newlinesInRow += 1 }
                } else if c == 0x0A {
                    rowEnd = i
                    cellStart = true
                    justClosed = false
                    break
                } else if c == delimiter {
                    cellStart = true
                    justClosed = false
                } else if c == UInt8(ascii: "\"") && (cellStart || justClosed) {
                    inQuotes = true
                    cellStart = false
                    justClosed = false
                } else {
                    cellStart = false
                    justClosed = false
                }
                i += 1
            }
            scanned = i - source.start
            if let rowEnd {
                let rowStart = source.start
                let startLine = line + 1
                line += 1 + newlinesInRow
                newlinesInRow = 0
                source.start = rowEnd + 1
                scanned = 0
                if let skippedLine = skippingFrom {
                    skippingFrom = nil
                    source.shrinkIfIdle()
                    return .record(tooLong(line: skippedLine, through: line))
                }
                var stop = rowEnd
                if stop > rowStart, source[stop - 1] == 0x0D { stop -= 1 }
                if stop == rowStart { continue }
                index += 1
                if stop - rowStart > maxRecordBytes {
                    return .record(tooLong(line: startLine, through: line))
                }
                return .record(RawRecord(bytes: source.bytes(rowStart..<stop), line: startLine, index: index))
            }
            if skippingFrom != nil {
                // Only the quote state is needed to find the row's end: the bytes are dropped.
                source.start = source.end
                scanned = 0
            } else if source.available > maxRecordBytes {
                index += 1
                skippingFrom = line + 1
                source.start = source.end
                scanned = 0
            }
            if source.atEOF {
                if let skippedLine = skippingFrom {
                    skippingFrom = nil
                    line += 1 + newlinesInRow
                    newlinesInRow = 0
                    let quoted = inQuotes
                    inQuotes = false
                    var record = tooLong(line: skippedLine, through: line)
                    if quoted { record.error! += "; the input ends inside a quoted field (an unbalanced quote?)" }
                    return .record(record)
                }
                guard source.available > 0 else { return .end }
                let range = source.start..<source.end
                let startLine = line + 1
                line += 1 + newlinesInRow
                newlinesInRow = 0
                source.start = source.end
                scanned = 0
                index += 1
                if inQuotes {
                    inQuotes = false
                    return .record(
                        RawRecord(
                            bytes: [], line: startLine, index: index,
                            error: "unterminated quoted field: the input ends inside it"))
                }
                var stop = range.upperBound
                if stop > range.lowerBound, source[stop - 1] == 0x0D { stop -= 1 }
                if stop == range.lowerBound { index -= 1; return .end }
                if stop - range.lowerBound > maxRecordBytes { return .record(tooLong(line: startLine, through: line)) }
                return .record(RawRecord(bytes: source.bytes(range.lowerBound..<stop), line: startLine, index: index))
            }
            if !mayBlock && !source.isReady() { return .wouldBlock }
            _ = try source.fill()
            source.shrinkIfIdle()
        }
    }
}

extension CSVSplitter {
    /// The error record of a row longer than the limit that starts on `line` and ends on `last`.
    private func tooLong(line: Int, through last: Int) -> RawRecord {
        let lines = last > line ? " (lines \(line)-\(last))" : ""
        return RawRecord(
            bytes: [], line: line, index: index,
            error: "the row\(lines) is longer than \(maxRecordBytes) bytes (see --max-record-bytes)")
    }
}

/// Splits one CSV row into its cells (RFC 4180 quoting; a stray quote inside an unquoted cell is kept literally).
public enum CSVRow {
    /// The cells of `bytes`; stops once it has `maxCells` cells (a row of a million commas costs no more
    /// than the caller is ready to look at).
    public static func split(_ bytes: [UInt8], delimiter: UInt8, maxCells: Int = .max) -> [[UInt8]] {
        var cells: [[UInt8]] = []
        var cell: [UInt8] = []
        var i = 0
        let n = bytes.count
        var quoted = false
        var atCellStart = true
        while i < n {
            let c = bytes[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < n, bytes[i + 1] == UInt8(ascii: "\"") { cell.append(c); i += 2; continue }
                    quoted = false
                    i += 1
                    continue
                }
                cell.append(c)
                i += 1
                continue
            }
            if c == delimiter {
                if cells.count + 1 >= maxCells { cells.append(cell); return cells }
                cells.append(cell)
                cell.removeAll(keepingCapacity: true)
                atCellStart = true
                i += 1
                continue
            }
            if c == UInt8(ascii: "\"") && atCellStart {
                quoted = true
                atCellStart = false
                i += 1
                continue
            }
            atCellStart = false
            cell.append(c)
            i += 1
        }
        cells.append(cell)
        return cells
    }
}
