/// Token texts that occur in most comments: English function words and sentence punctuation.
///
/// The matcher builder keys each pattern by whichever of its words is cheapest to watch for. How many
/// patterns share a word is known when compiling; how often the word turns up in comments is not, so
/// these texts are counted as if many patterns shared them, and a rarer word of the same pattern is
/// preferred ("is anyone {0,1} [even|actually]" is watched for at "anyone", not at every "is").
enum CommonWords {
    /// How many times more expensive a common word is than a rare one as a key.
    static let weight = 24

    /// The cost factor of a word text as a key: `weight` for a common word, else 1.
    static func factor(_ text: String) -> Int { texts.contains(text) ? weight : 1 }

    static let texts: Set<String> = [
        "?", "!", ".", ",", "...", "'", "\"", "-", ":", "(", ")", "&",
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but",
        "by", "can", "ca", "could", "did", "do", "does", "for", "from", "get", "got", "had", "has", "have", "he",
        "her", "him", "his", "how", "i", "i'm", "if", "in", "into", "is", "it", "it's", "its", "just", "know",
        "like", "me", "more", "my", "n't", "need", "no", "not", "now", "of", "on", "one", "or", "our", "out",
        "she", "so", "some", "still", "that", "the", "their", "them", "then", "there", "they", "this", "time",
        "to", "today", "too", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "who",
        "why", "will", "with", "would", "you", "your", "wo",
    ]
}
