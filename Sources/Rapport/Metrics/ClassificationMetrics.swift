/// Precision, recall and F1 of one label.
public struct LabelMetrics: Sendable, Hashable, Codable {
    public var label: String
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int

    public init(label: String, truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        self.label = label
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// The metrics of `label` over (human, predicted) label pairs.
    public init(counting label: String, in pairs: [(gold: String, predicted: String)]) {
        var tp = 0, fp = 0, fn = 0
        for pair in pairs {
            if pair.predicted == label && pair.gold == label { tp += 1 } else if pair.predicted == label { fp += 1 } else if pair.gold == label { fn += 1 }
        }
        self.init(label: label, truePositives: tp, falsePositives: fp, falseNegatives: fn)
    }

    /// How many records people gave this label.
    public var support: Int { truePositives + falseNegatives }
    /// How many records were predicted as this label.
    public var predicted: Int { truePositives + falsePositives }
    /// 0 when nothing was predicted as this label.
    public var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
    /// 0 when no record has this label.
    public var recall: Double { support == 0 ? 0 : Double(truePositives) / Double(support) }
    public var f1: Double {
        let p = precision, r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    enum CodingKeys: String, CodingKey {
        case label, truePositives, falsePositives, falseNegatives, support, precision, recall, f1
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decode(String.self, forKey: .label)
        truePositives = try c.decode(Int.self, forKey: .truePositives)
        falsePositives = try c.decode(Int.self, forKey: .falsePositives)
        falseNegatives = try c.decode(Int.self, forKey: .falseNegatives)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(label, forKey: .label)
        try c.encode(truePositives, forKey: .truePositives)
        try c.encode(falsePositives, forKey: .falsePositives)
        try c.encode(falseNegatives, forKey: .falseNegatives)
        try c.encode(support, forKey: .support)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
        try c.encode(f1, forKey: .f1)
    }
}

/// Counts of (human label, predicted label) pairs over the compared labels.
public struct ConfusionMatrix: Sendable, Hashable, Codable {
    /// The compared labels, in row and column order.
    public var labels: [String]
    /// `counts[i][j]`: records labelled `labels[i]` by people and predicted as `labels[j]`.
    public var counts: [[Int]]

    public init(labels: [String], pairs: [(gold: String, predicted: String)]) {
        self.labels = labels
        var index: [String: Int] = [:]
        for (i, label) in labels.enumerated() { index[label] = i }
        var counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        for pair in pairs {
            if let i = index[pair.gold], let j = index[pair.predicted] { counts[i][j] += 1 }
        }
        self.counts = counts
    }

    /// Records labelled `gold` and predicted as `predicted` (0 for labels not compared).
    public func count(gold: String, predicted: String) -> Int {
        guard let i = labels.firstIndex(of: gold), let j = labels.firstIndex(of: predicted) else { return 0 }
        return counts[i][j]
    }
}

/// Orders label names the way reports show them: the engine's labels in their usual order, then
/// any other names alphabetically, with `other` last.
func reportOrder(_ labels: Set<String>) -> [String] {
    let known = Label.builtIn.filter { $0 != .other }.map(\.rawValue)
    return labels.sorted { a, b in
        let ia = known.firstIndex(of: a) ?? (a == "other" ? known.count + 1 : known.count)
        let ib = known.firstIndex(of: b) ?? (b == "other" ? known.count + 1 : known.count)
        return ia != ib ? ia < ib : a < b
    }
}
