/// Classifies a labelled data set with an engine and scores the result.
public enum Evaluation {
    /// Classifies every record of `dataset` with `engine` and reports how the labels compare.
    public static func run(_ engine: Engine, on dataset: LabelledDataset, mapping: LabelMapping = LabelMapping(),
                           top: Int = 10) -> EvaluationReport {
        let evaluated = dataset.records.map { record in
            EvaluatedRecord(record: record, verdict: engine.classify(Comment(id: record.id, text: record.text)))
        }
        return EvaluationReport(evaluated: evaluated, rules: engine.pack.rules, mapping: mapping, top: top,
                                problems: dataset.problems)
    }
}
