/// An error whose message may be shown to a user, with the HTTP status it maps to.
///
/// The message carries ids a caller needs but never paths, SQL or C library strings.
/// On the bus such an error travels as `{kind, status, message}` and is rethrown as a remote error.
public protocol PublicError: Error {
    /// HTTP status code (404, 409, …); also carried in RPC error replies.
    var statusCode: Int { get }
    /// A message safe to show to the user.
    var publicMessage: String { get }
}
