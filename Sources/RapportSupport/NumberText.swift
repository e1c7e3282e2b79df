/// Numbers as Rapport writes them everywhere (verdict scores, explanations, `when` operands, tuned
/// weights): integral values without a needless `.0`.
public enum NumberText {
    /// `value` as an integer when it is integral and below 10¹⁵ in magnitude, nil otherwise.
    @inlinable
    public static func integral(_ value: Double) -> Int64? {
        value.rounded() == value && abs(value) < 1e15 ? Int64(value) : nil
    }

    /// `value` × 1000 when `value` is not integral, has at most three decimals and lies where Swift
    /// prints it without an exponent (0.001 ≤ |value| < 10⁹); nil otherwise. Its decimal digits are then
    /// exactly the ones `String(value)` prints.
    @inlinable
    public static func thousandths(_ value: Double) -> Int? {
        let magnitude = abs(value)
        guard magnitude >= 0.001, magnitude < 1e9 else { return nil }
        let scaled = (value * 1000).rounded()
        guard scaled / 1000 == value, scaled.truncatingRemainder(dividingBy: 1000) != 0 else { return nil }
        return Int(scaled)
    }

    /// `2` for 2.0, `2.5` for 2.5; other values (huge, infinite, NaN) as Swift prints them.
    public static func compact(_ value: Double) -> String {
        integral(value).map { String($0) } ?? String(value)
    }

    /// ``compact(_:)`` for JSON: a non-finite value, which JSON cannot spell, is `null`.
    public static func json(_ value: Double) -> String {
        value.isFinite ? compact(value) : "null"
    }

    /// Writes the decimal digits of `value` (with `-` when negative) to `out`, which has room for
    /// 20 bytes; returns how many it wrote.
    public static func writeDecimal(_ value: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let sign = value < 0 ? 1 : 0
        if sign == 1 { out[0] = UInt8(ascii: "-") }
        var k = sign + digits
        repeat {
            k -= 1
            out[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return sign + digits
    }
}
