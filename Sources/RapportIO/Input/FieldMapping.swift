/// Which input fields hold a comment's text, id and author (dotted paths into nested records).
public struct FieldMapping: Sendable {
    /// The usual names of the text field, tried in order when `--text-field` is not given.
    /// `full_text` comes before `text` because X/Twitter exports truncate `text` when both exist.
    public static let defaultTextPaths = [
        "full_text", "extended_tweet.full_text", "text", "message", "body", "comment", "content",
        "snippet.topLevelComment.snippet.textOriginal", "snippet.topLevelComment.snippet.textDisplay",
        "snippet.textOriginal", "snippet.textDisplay", "textOriginal", "textDisplay",
    ]
    /// The usual names of the id field (`id_str` first: X/Twitter ids overflow JSON numbers).
    public static let defaultIDPaths = ["id_str", "id", "comment_id", "commentId", "post_id", "uuid", "key"]
    /// The usual names of the author field.
    public static let defaultAuthorPaths = [
        "author", "author.name", "author.username", "author.screen_name", "author.handle",
        "user.screen_name", "user.username", "user.name", "username", "screen_name", "user_name", "handle",
        "author_name", "from.name",
        "snippet.topLevelComment.snippet.authorDisplayName", "snippet.authorDisplayName", "authorDisplayName",
    ]
    /// Fields copied to `author.followers` when the record has no such field, so one `when` expression
    /// works across export shapes.
    public static let followerAliases = [
        "author.followers_count", "author.follower_count", "author.followerCount", "user.followers_count",
        "user.followers", "followers_count", "followers", "author_followers", "follower_count",
    ]

    /// The dotted paths tried for the text, in order.
    public var textPaths: [String]
    /// The dotted paths tried for the id, in order.
    public var idPaths: [String]
    /// The dotted paths tried for the author, in order.
    public var authorPaths: [String]
    /// Whether the text path was given explicitly (an explicit path is the only one tried).
    public var explicitText: Bool

    /// The given path for each field, or the usual names when nil.
    public init(textField: String? = nil, idField: String? = nil, authorField: String? = nil) {
        textPaths = textField.map { [$0] } ?? Self.defaultTextPaths
        idPaths = idField.map { [$0] } ?? Self.defaultIDPaths
        authorPaths = authorField.map { [$0] } ?? Self.defaultAuthorPaths
        explicitText = textField != nil
    }
}
