import Foundation
import KumoClient
import KumoHTTP

/// The body of `POST /flavors`, checked with Nova's messages.
struct FlavorCreateRequest {
    var flavor: Flavor

    init(_ body: JSONValue) throws {
        guard let object = body["flavor"]?.object else {
            throw APIError.badRequest("Invalid input for field/attribute flavor: a 'flavor' object is required.")
        }
        guard let name = object["name"]?.string, (1...255).contains(name.count),
            name.trimmingCharacters(in: .whitespaces) == name
        else { throw APIError.badRequest("Invalid input for field/attribute name: 1 to 255 characters, no leading or trailing spaces.") }
        func number(_ key: String, min: Int, required: Bool = true) throws -> Int {
            guard let value = object[key], value != .null else {
                if required { throw APIError.badRequest("Invalid input for field/attribute \(key): '\(key)' is a required property.") }
                return 0
            }
            guard let number = value.int ?? value.string.flatMap({ Int($0) }), number >= min, number < (1 << 31) else {
                throw APIError.badRequest("Invalid input for field/attribute \(key): an integer of \(min) or more.")
            }
            return number
        }
        var id = UUID().uuidString.lowercased()
        if let value = object["id"], value != .null {
            guard let text = value.string ?? value.int.map(String.init), (1...255).contains(text.count),
                text.allSatisfy({ $0.isLetter || $0.isNumber || "-_. ".contains($0) })
            else { throw APIError.badRequest("Invalid input for field/attribute id: letters, digits, '-', '_', '.' and spaces.") }
            id = text
        }
        let swap = try number("swap", min: 0, required: false)
        let rxtx = object["rxtx_factor"].flatMap { value -> Double? in
            if case .number(let number) = value { return number }
            return nil
        } ?? 1
        flavor = Flavor(
            record: FlavorRecord(
                id: id, name: name, vcpus: try number("vcpus", min: 1), memoryMB: try number("ram", min: 1),
                rootGB: try number("disk", min: 0), ephemeralGB: try number("OS-FLV-EXT-DATA:ephemeral", min: 0, required: false),
                swapMB: swap, rxtxFactor: rxtx, isPublic: object["os-flavor-access:is_public"]?.bool ?? true,
                description: object["description"]?.string, createdAt: Date()),
            extraSpecs: [:])
    }
}
