import RapportYAML
import Testing

/// YAML 1.2 core-schema resolution of plain scalars; quoted and block scalars are strings.
@Suite struct CoreSchemaTests {
    static let table: [(String, Node.Scalar.Value)] = [
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("0", .int(0)), ("12", .int(12)), ("-7", .int(-7)), ("+7", .int(7)), ("007", .int(7)),
        ("0o17", .int(15)), ("0x1F", .int(31)), ("0xff", .int(255)),
        ("1.5", .float(1.5)), ("-0.25", .float(-0.25)), (".5", .float(0.5)), ("1.", .float(1)),
        ("1e3", .float(1000)), ("2.5E-1", .float(0.25)), ("+12e03", .float(12000)),
        (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)), ("+.INF", .float(.infinity)),
        ("99999999999999999999", .float(1e20)),
        // Not in the core schema: YAML 1.1 booleans, underscores, signs on 0x/0o, malformed numbers.
        ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("nULL", .string("nULL")),
        ("tRUE", .string("tRUE")), ("1_000", .string("1_000")), ("-0x1F", .string("-0x1F")),
        ("0x", .string("0x")), ("0x+1", .string("0x+1")), ("0o8", .string("0o8")), ("1e", .string("1e")),
        (".", .string(".")), ("+", .string("+")), ("1.2.3", .string("1.2.3")), ("12 apples", .string("12 apples")),
        ("٣", .string("٣")), ("inf", .string("inf")), ("nan", .string("nan")),
    ]

    @Test(arguments: table)
    func plainScalarResolves(_ text: String, _ expected: Node.Scalar.Value) throws {
        let root = try load("v: \(text)")
        #expect(root["v"]?.scalar?.value == expected)
        #expect(root["v"]?.scalar?.string == text)
    }

    @Test func notANumber() throws {
        for text in [".nan", ".NaN", ".NAN"] {
            let value = try load("v: \(text)")["v"]?.scalar?.value
            guard case .float(let d)? = value else {
                Issue.record("\(text) resolved to \(String(describing: value))")
                continue
            }
            #expect(d.isNaN)
        }
    }

    @Test(arguments: ["'12'", "\"true\"", "'null'", "\"~\"", "''", "\"1.5\"", "|\n  12", ">\n  true"])
    func quotedAndBlockScalarsAreStrings(_ text: String) throws {
        let value = try load("v: \(text)")["v"]?.scalar?.value
        guard case .string? = value else {
            Issue.record("\(text) resolved to \(String(describing: value))")
            return
        }
    }

    @Test func stylesAreRecorded() throws {
        let root = try load("[a, 'b', \"c\", x]\n")
        #expect(root.sequence?.items.compactMap { $0.scalar?.style } == [.plain, .singleQuoted, .doubleQuoted, .plain])
        let block = try load("l: |\n  x\nf: >\n  y\n")
        #expect(block["l"]?.scalar?.style == .literal)
        #expect(block["l"]?.scalar?.string == "x\n")
        #expect(block["f"]?.scalar?.style == .folded)
    }

    @Test func kindDescriptions() throws {
        let root = try load("{s: x, i: 1, f: 1.5, b: true, n: ~, l: [], m: {}}")
        let kinds = ["s", "i", "f", "b", "n", "l", "m"].map { root[$0]?.kindDescription }
        #expect(kinds == ["a string", "an integer", "a number", "a boolean", "null", "a list", "a mapping"])
    }
}
