/// The JOSE header of a token, as far as verification reads it.
struct JWSHeader: Decodable {
    var alg: String
    var typ: String?
    var kid: String?
    /// Critical extensions we would have to understand; we understand none, so any makes it malformed.
    var crit: [String]?
}
