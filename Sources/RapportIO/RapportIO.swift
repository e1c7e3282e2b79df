/// RapportIO: the readers, writers and the parallel ordered pipeline behind `rapport classify`.
///
/// Readers split comment dumps (JSON Lines, JSON arrays, CSV/TSV, plain text) into raw records and
/// decode them into `Comment` values; writers turn verdicts into JSON Lines, CSV, a JSON array or a
/// terminal table; ``ClassifyPipeline`` runs them over both cores with output in input order.
public enum RapportIO {}
