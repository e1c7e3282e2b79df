/// RapportIO: the readers, the verdict writer and the parallel ordered pipeline behind
/// `rapport classify`, as a library product for Swift clients that read exports and write verdicts
/// exactly as the CLI does.
///
/// Reading: ``InputSource/open(_:options:idPrefix:)`` opens a file (or `-`), detects its format
/// (JSON Lines, a JSON array or wrapper object, CSV/TSV, plain text; ``InputOptions`` overrides it and
/// sets the field mapping and limits), and splits it into ``RawRecord``s; its ``InputSource/decoder``
/// turns each into a ``DecodedRecord`` (a `Comment` and the kept fields) or a ``RecordError``.
/// ``FieldDemand`` lets the decoder keep only the fields an engine reads.
///
/// Writing: ``VerdictWriter`` is the one verdict writer (the JSON object of a verdict or an error
/// record, only the ``VerdictField``s chosen); ``JSONLinesEncoder``, ``JSONArrayEncoder``,
/// ``CSVEncoder`` and ``TableEncoder`` are the ``OutputEncoder``s built on it, writing into a
/// ``ByteWriter``; ``OutputSink`` writes a file through a temporary file renamed at the end.
///
/// Both together: ``ClassifyPipeline`` reads inputs, classifies on all cores and writes in input order.
///
/// ```swift
/// import Rapport
/// import RapportIO
///
/// let engine = Engine.default
/// let pipeline = ClassifyPipeline(engine: engine, encoder: JSONLinesEncoder(fields: [.id, .label, .escalation]))
/// let sink = try OutputSink.open("verdicts.jsonl")
/// let summary = try pipeline.run(inputs: [try InputSource.open("export.json", options: InputOptions())], sink: sink)
/// try sink.commit()   // the file appears under its name only now
/// print(summary.records, summary.errors)
/// ```
public enum RapportIO {}
