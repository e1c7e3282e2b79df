/// RapportSupport: the small pieces every layer shares, with one owner each.
///
/// - ``JSONEscaping``: JSON string literals (the one escaper of verdicts, diagnostics and summaries);
/// - ``NumberText``: numbers without a needless `.0`, and decimal digits written into a buffer;
/// - ``DidYouMean``: "did you mean …?" by edit distance;
/// - `trimmingSpaces` on strings;
/// - `ParallelMap`: independent pieces of one job run on all cores, results in their own order.
///
/// It depends on nothing but the toolchain's Dispatch and sits at the bottom of the graph, below `RapportYAML`.
public enum RapportSupport {}
