@testable import Rapport

/// Helpers shared by the tokenizer tests.
enum TextTestSupport {
    /// The normalized texts of the tokens of `text`.
    static func texts(_ text: String) -> [String] { Tokenizer.tokenize(text).map(\.text) }

    /// The kinds of the tokens of `text`.
    static func kinds(_ text: String) -> [Token.Kind] { Tokenizer.tokenize(text).map(\.kind) }

    /// The original text a token was made from (its scalars `start..<end`).
    static func source(of token: Token, in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[token.start..<token.end])
        return String(view)
    }

    /// `(kind, text, original slice)` for each token of `text`.
    static func described(_ text: String) -> [String] {
        Tokenizer.tokenize(text).map { "\($0.kind.rawValue):\($0.text)=\(source(of: $0, in: text))" }
    }
}
