/// RapportIO: the readers, writers and the parallel ordered pipeline behind `rapport classify`.
///
/// Readers turn comment dumps (JSON Lines, JSON arrays, CSV/TSV, plain text) into ``Rapport/Comment``
/// values; writers turn verdicts into JSON Lines, CSV, a JSON array or a terminal table.
public enum RapportIO {}
