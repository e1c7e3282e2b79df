/// Classifies a labelled data set with an engine and scores the result.
public enum Evaluation {
    /// Classifies every record of `dataset` with `engine` and reports how the labels compare.
    public static func run(
        _ engine: Engine, on dataset: LabelledDataset, mapping: LabelMapping = LabelMapping(),
        top: Int = 10
    ) -> EvaluationReport {
        EvaluationReport(
            evaluated: classify(dataset, with: engine), rules: engine.pack.rules, mapping: mapping, top: top,
            problems: dataset.problems)
    }

    /// Every record of `dataset` with the verdict `engine` gives its comment (as `classify` would).
    public static func classify(_ dataset: LabelledDataset, with engine: Engine) -> [EvaluatedRecord] {
        dataset.records.map { EvaluatedRecord(record: $0, verdict: engine.classify($0.comment)) }
    }
}
