import Foundation
import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import KumoCore
import KumoHTTP
import Logging

/// `/v2/images/{id}/file`: the image's data, streamed in (into the object store) and out (from it).
///
/// The download is also how compute agents fetch images: with a service token, verifying the
/// `Content-MD5` (or the image's `os_hash_value`) on arrival, as `KumoClient.ImageClient` does.
struct ImageDataController {
    let service: ImageService

    /// `X-OpenStack-Image-Size`: the size a client declares for its upload.
    static let declaredSize = HTTPField.Name("X-OpenStack-Image-Size")!
    static let contentMD5 = HTTPField.Name("Content-MD5")!
    /// The property openstacksdk sets to the MD5 it computed of the file it uploads (when it does).
    static let declaredMD5Property = "owner_specified.openstack.md5"

    func register(on router: Router<KumoRequestContext>) {
        router.put("v2/images/:id/file") { request, context in try await upload(request, context) }
        router.get("v2/images/:id/file") { request, context in try await download(request, context) }
    }

    /// Streams the body into the object store: `queued` → `saving` → `active` (204), or back to
    /// `queued` (`killed` if its objects could not be removed) with the reason.
    private func upload(_ request: Request, _ context: KumoRequestContext) async throws -> Response {
        let credentials = try AccessPolicy.authenticated(context)
        let id = try context.parameters.require("id")
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
        guard mediaType?.lowercased() == "application/octet-stream" else {
            throw APIError.unsupportedMediaType(
                "Unsupported Content-Type '\(mediaType ?? "")': image data is sent as application/octet-stream.")
        }
        var declared = ImageUpload.Declared(
            contentLength: try Self.integer(request.headers[.contentLength], "Content-Length"),
            size: try Self.integer(request.headers[Self.declaredSize], "X-OpenStack-Image-Size"),
            md5: try request.headers[Self.contentMD5].map(Self.md5))
        let store = service.store
        let (image, uploadID) = try await store.beginUpload(id, as: credentials)
        if declared.md5 == nil, let property = image.properties[Self.declaredMD5Property], !property.isEmpty {
            declared.md5 = property.lowercased()
        }
        let upload = ImageUpload(
            objects: service.objects, segmentBytes: service.settings.segmentBytes, maxBytes: service.settings.maxImageBytes,
            prefix: "\(id)/\(uploadID)", diskFormat: image.record.diskFormat ?? "")
        let data: ImageStore.StoredData
        do {
            data = try await upload.run(request.body, declared: declared)
        } catch {
            context.logger.info("image upload failed", metadata: ["image.id": "\(id)", "error": "\(error.cause)"])
            try await uncancelled { try await store.failUpload(id, uploadID: uploadID, cleanedUp: error.cleanedUp) }
            throw error.cause
        }
        guard try await uncancelled({ try await store.finishUpload(id, uploadID: uploadID, data: data) }) != nil else {
            _ = await service.objects.removeAll(prefix: upload.prefix)
            throw APIError(.gone, "Image \(id) was deleted while its data was uploaded.")
        }
        return Response(status: .noContent)
    }

    /// Streams the data (or the `Range` asked for) out of the object store; 204 for an image without data.
    private func download(_ request: Request, _ context: KumoRequestContext) async throws -> Response {
        let credentials = try AccessPolicy.authenticated(context)
        let image = try await service.store.image(try context.parameters.require("id"), seenBy: credentials).record
        guard ImageAccess.mayDownload(image, credentials) else {
            throw APIError.forbidden("The requested image has been deactivated. Image data download is forbidden.")
        }
        guard image.status == .active || image.status == .deactivated, let layout = ImageDataLayout(image) else {
            return Response(status: .noContent)
        }
        var headers: HTTPFields = [.contentType: "application/octet-stream"]
        let status: HTTPResponse.Status
        let pieces: [ImageDataLayout.Piece]
        let length: Int
        switch ByteRange.parse(request.headers[.range], length: layout.size) {
        case .unsatisfiable:
            throw APIError(
                .rangeNotSatisfiable, "The range is past the end of the \(layout.size) bytes of the image.",
                headers: [.contentRange: "bytes */\(layout.size)"])
        case .whole:
            (status, pieces, length) = (.ok, layout.pieces(), layout.size)
            headers[Self.contentMD5] = image.checksum
        case .partial(let range):
            (status, pieces, length) = (.partialContent, layout.pieces(range.lower...range.upper), range.range.count)
            headers[.contentRange] = "bytes \(range.lower)-\(range.upper)/\(layout.size)"
        }
        headers[.contentLength] = String(length)
        let objects = service.objects
        let first = try await objects.get(pieces[0].object, range: pieces[0].range)
        return Response(
            status: status, headers: headers,
            body: ResponseBody(contentLength: length) { writer in
                for (index, piece) in pieces.enumerated() {
                    let response = index == 0 ? first : try await objects.get(piece.object, range: piece.range)
                    for try await chunk in response.body { try await writer.write(chunk) }
                }
                try await writer.finish(nil)
            })
    }

    private static func integer(_ value: String?, _ header: String) throws(APIError) -> Int? {
        guard let value else { return nil }
        guard let number = Int(value), number >= 0 else { throw APIError.badRequest("Invalid \(header): '\(value)'.") }
        return number
    }

    /// `Content-MD5` in hex (as Glance sends it) or base64 (as RFC 1864 has it), as lowercase hex.
    static func md5(_ value: String) throws(ImageDataError) -> String {
        if value.count == 32, value.allSatisfy(\.isHexDigit) { return value.lowercased() }
        guard let bytes = Data(base64Encoded: value), bytes.count == 16 else { throw .badContentMD5(value) }
        return bytes.lowercaseHex
    }
}
