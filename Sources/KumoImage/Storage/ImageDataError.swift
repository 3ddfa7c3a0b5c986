import KumoCore

/// Image data that Kumo refuses: the upload fails and the image returns to `queued`.
enum ImageDataError: PublicError, Equatable {
    case badQCOW2Header(String)
    /// `disk_format` is qcow2 but the data is not.
    case notQCOW2
    /// The data is qcow2 but `disk_format` says otherwise (`raw` would let a guest read host files).
    case unexpectedQCOW2(diskFormat: String)
    case backingFile
    case externalDataFile
    case tooLarge(limit: Int)
    /// The client declared the size (`X-OpenStack-Image-Size`) and sent another.
    case sizeMismatch(declared: Int, received: Int)
    /// Fewer bytes arrived than `Content-Length` announced.
    case truncated(expected: Int, received: Int)
    /// The MD5 the client declared (`Content-MD5`, property `owner_specified.openstack.md5`) differs.
    case checksumMismatch(declared: String, computed: String)
    case badContentMD5(String)

    var statusCode: Int {
        if case .tooLarge = self { return 413 }
        return 400
    }

    var publicMessage: String {
        switch self {
        case .badQCOW2Header(let problem): "The data is not a usable qcow2 image: \(problem)."
        case .notQCOW2: "The data is not a qcow2 image, but the image's disk_format is qcow2."
        case .unexpectedQCOW2(let format): "The data is a qcow2 image, but the image's disk_format is \(format)."
        case .backingFile: "qcow2 images with a backing file are not accepted."
        case .externalDataFile: "qcow2 images with an external data file are not accepted."
        case .tooLarge(let limit): "Image storage media is full: the image is larger than the limit of \(limit) bytes."
        case .sizeMismatch(let declared, let received):
            "The upload has \(received) bytes but X-OpenStack-Image-Size declared \(declared)."
        case .truncated(let expected, let received): "The upload ended after \(received) of \(expected) bytes."
        case .checksumMismatch(let declared, let computed):
            "The checksum of the uploaded data (\(computed)) does not match the declared one (\(declared))."
        case .badContentMD5(let value): "Content-MD5 '\(value)' is neither 32 hex digits nor base64 of 16 bytes."
        }
    }
}
