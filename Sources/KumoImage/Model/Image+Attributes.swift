import Foundation

extension Image {
    /// A new `queued` image of `attributes`.
    init(id: String, attributes: ImageAttributes, now: Date = Date()) {
        self.init(
            record: ImageRecord(
                id: id, name: nil, status: .queued, visibility: .shared, isProtected: false, isHidden: false,
                owner: attributes.owner, diskFormat: nil, containerFormat: nil, size: nil, virtualSize: nil, checksum: nil,
                hashAlgorithm: nil, hashValue: nil, minDisk: 0, minRAM: 0, createdAt: now, updatedAt: now, location: nil,
                segmentBytes: nil, uploadID: nil),
            properties: [:], tags: [])
        apply(attributes)
    }

    /// Takes the values of `attributes`.
    mutating func apply(_ attributes: ImageAttributes) {
        record.name = attributes.name
        record.visibility = attributes.visibility
        record.isProtected = attributes.isProtected
        record.isHidden = attributes.isHidden
        record.diskFormat = attributes.diskFormat
        record.containerFormat = attributes.containerFormat
        record.minDisk = attributes.minDisk
        record.minRAM = attributes.minRAM
        record.owner = attributes.owner
        tags = attributes.tags
        properties = attributes.properties
    }
}
