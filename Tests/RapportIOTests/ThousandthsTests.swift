import Testing

@testable import RapportIO

/// ``JSONOut/thousandths(_:)`` rounds as `rounded()` does, without the C library: checked against the
/// plain rounding on random values of every kind a score can be, halves and near-halves included.
@Suite struct ThousandthsTests {
    /// What `JSONOut.number` did before: `(d * 1000).rounded()` when `d` is below 10⁹ in magnitude and
    /// exactly that over 1000.
    private static func reference(_ d: Double) -> Int? {
        let scaled = (d * 1000).rounded()
        return abs(d) < 1e9 && scaled / 1000 == d ? Int(scaled) : nil
    }

    @Test func thousandthsRoundAsRounded() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 0.5, -0.5, 1.5, -2.5, 0.0005, -0.0005, 0.0015, 0.4995, 1e9, -1e9, 999_999_999.999,
            .nan, .infinity, -.infinity, .ulpOfOne, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.49999999999999994,
        ]
        for _ in 0..<200_000 {
            let thousandths = Double(Int.random(in: -2_000_000_000...2_000_000_000, using: &generator))
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: values.append(thousandths / 1000)
            case 1: values.append((thousandths + 0.5) / 1000)
            case 2: values.append((thousandths + 0.5).nextUp / 1000)
            case 3: values.append((thousandths + 0.5).nextDown / 1000)
            case 4: values.append(Double.random(in: -2e9...2e9, using: &generator))
            default: values.append(Double.random(in: -3...3, using: &generator))
            }
        }
        var exact = 0
        for value in values {
            #expect(JSONOut.thousandths(value) == Self.reference(value), "\(value)")
            if Self.reference(value) != nil { exact += 1 }
        }
        #expect(exact > 30_000)
    }
}
