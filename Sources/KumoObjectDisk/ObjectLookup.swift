/// The state of an object on a device.
public enum ObjectLookup: Sendable {
    /// No file, or only obsolete ones.
    case notFound
    /// The newest file is a tombstone with this timestamp.
    case deleted(ObjectTimestamp)
    /// The newest file is a `.data`, open for reading.
    case found(ObjectReader)
}
