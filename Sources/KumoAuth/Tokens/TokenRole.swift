/// A role a token carries on its scope, by id and name as Keystone's token body lists them.
public struct TokenRole: Codable, Sendable, Hashable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
