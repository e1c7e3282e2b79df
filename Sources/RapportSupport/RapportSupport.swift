/// RapportSupport: the small pieces every layer shares, with one owner each.
///
/// - ``JSONEscaping``: JSON string literals (the one escaper of verdicts, diagnostics and summaries);
/// - ``NumberText``: numbers without a needless `.0`, and decimal digits written into a buffer;
/// - ``DidYouMean``: "did you mean …?" by edit distance;
/// - `trimmingSpaces` on strings.
///
/// It depends on nothing and sits at the bottom of the graph, below `RapportYAML`.
public enum RapportSupport {}
