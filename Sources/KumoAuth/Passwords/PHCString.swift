import Foundation

/// The stored form of a scrypt password hash: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, salt and hash
/// in standard base64 without padding, as the PHC string format writes them.
struct PHCString: Equatable {
    var cost: ScryptCost
    var salt: [UInt8]
    var hash: [UInt8]

    init(cost: ScryptCost, salt: [UInt8], hash: [UInt8]) {
        self.cost = cost
        self.salt = salt
        self.hash = hash
    }

    /// Parses a stored hash strictly; `nil` for anything else.
    init?(parsing text: String) {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
        let parameters = fields[2].split(separator: ",", omittingEmptySubsequences: false)
        guard parameters.count == 3,
            let logN = Self.parameter(parameters[0], named: "ln"),
            let blockSize = Self.parameter(parameters[1], named: "r"),
            let parallelism = Self.parameter(parameters[2], named: "p"),
            let salt = Self.decode(fields[3]), (1...64).contains(salt.count),
            let hash = Self.decode(fields[4]), (16...64).contains(hash.count)
        else { return nil }
        self.init(cost: ScryptCost(logN: logN, blockSize: blockSize, parallelism: parallelism), salt: salt, hash: hash)
    }

    var encoded: String {
        "$scrypt$ln=\(cost.logN),r=\(cost.blockSize),p=\(cost.parallelism)$\(Self.encode(salt))$\(Self.encode(hash))"
    }

    private static func parameter(_ text: Substring, named name: String) -> Int? {
        guard text.hasPrefix(name + "="), let value = Int(text.dropFirst(name.count + 1)), value > 0 else {
            return nil
        }
        return value
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    private static func decode(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, !text.contains("=") else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map { Array($0) }
    }
}
