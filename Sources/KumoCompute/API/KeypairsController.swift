import Foundation
import Hummingbird
import KumoClient
import KumoCore
import KumoHTTP

/// `/os-keypairs`: a user's SSH keys, imported or generated (the private key is shown once).
struct KeypairsController {
    let service: ComputeService

    func register(on router: Router<KumoRequestContext>) {
        let keypairs = router.group("v2.1/os-keypairs")
        keypairs.get { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let records = try await service.store.keypairs(userID: credentials.userID)
            return JSONResponse(["keypairs": .array(records.map { ["keypair": Self.summary($0)] })] as JSONValue)
        }
        keypairs.get(":name") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            let record = try await service.store.keypair(try context.parameters.require("name"), userID: credentials.userID)
            var body = Self.summary(record).object ?? [:]
            body["user_id"] = .string(record.userID)
            body["created_at"] = .string(ComputeDates.micro(record.createdAt))
            body["deleted"] = false
            return JSONResponse(["keypair": .object(body)] as JSONValue)
        }
        keypairs.post { request, context in try await create(request, context) }
        keypairs.delete(":name") { _, context in
            let credentials = try AccessPolicy.authenticated(context)
            try await service.store.deleteKeypair(try context.parameters.require("name"), userID: credentials.userID)
            return Response(status: .accepted)
        }
    }

    /// `POST /os-keypairs`: imports `public_key`, or makes an Ed25519 key and answers its private half.
    private func create(_ request: Request, _ context: KumoRequestContext) async throws -> JSONResponse<JSONValue> {
        let credentials = try AccessPolicy.authenticated(context)
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        guard let object = body["keypair"]?.object else {
            throw APIError.badRequest("Invalid input for field/attribute keypair: a 'keypair' object is required.")
        }
        guard let name = object["name"]?.string, (1...255).contains(name.count),
            name.allSatisfy({ $0.isLetter || $0.isNumber || "-_. @".contains($0) })
        else {
            throw APIError.badRequest("Keypair data is invalid: the name must be 1 to 255 letters, digits, spaces, '-', '_', '.' or '@'.")
        }
        let publicKey: SSHPublicKey
        var privateKey: String?
        if let line = object["public_key"]?.string {
            publicKey = try SSHPublicKey(line)
        } else {
            let generated = try SSHPublicKey.generate(comment: "Generated-by-Kumo")
            publicKey = generated.publicKey
            privateKey = generated.privateKey
        }
        let record = KeypairRecord(
            userID: credentials.userID, name: name, type: "ssh", publicKey: publicKey.line,
            fingerprint: publicKey.fingerprint, createdAt: Date())
        try await service.store.insert(record)
        var answer = Self.summary(record).object ?? [:]
        answer["user_id"] = .string(record.userID)
        if let privateKey { answer["private_key"] = .string(privateKey) }
        return JSONResponse(["keypair": .object(answer)])
    }

    static func summary(_ record: KeypairRecord) -> JSONValue {
        [
            "name": .string(record.name), "public_key": .string(record.publicKey),
            "fingerprint": .string(record.fingerprint), "type": .string(record.type),
        ]
    }
}
