/// The one-line progress display for a terminal: records, records/s, and percent and ETA when the input size is known.
public enum ProgressLine {
    public static func format(_ p: ClassifyPipeline.Progress) -> String {
        let rate = p.seconds > 0 ? Double(p.records) / p.seconds : 0
        var line = "\(grouped(p.records)) records  \(grouped(Int(rate)))/s"
        if let total = p.totalBytes, total > 0 {
            let fraction = min(1, Double(p.bytesConsumed) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            line =
                "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
                + "\(Int(fraction * 100))%  " + line
            if fraction > 0.001, p.seconds > 0.5 {
                let remaining = Int(p.seconds * (1 - fraction) / fraction)
                line += "  ETA \(remaining / 60):" + (remaining % 60 < 10 ? "0" : "") + "\(remaining % 60)"
            }
        }
        return line
    }

    /// `1234567` as `1,234,567`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
