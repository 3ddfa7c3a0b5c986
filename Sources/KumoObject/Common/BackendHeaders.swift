import HTTPTypes

/// Headers of the object store's APIs and of the proxy's requests to storage nodes.
extension HTTPField.Name {
    static let xTimestamp = Self("X-Timestamp")!
    /// The timestamp of what a storage node holds (also of a deletion, with a 404).
    static let xBackendTimestamp = Self("X-Backend-Timestamp")!
    /// A replicator's push: keep the given timestamp, send no container update.
    static let xBackendReplication = Self("X-Backend-Replication")!
    /// Where an object server sends the listing update of the object it stored: host:port, device, partition.
    static let xContainerHost = Self("X-Container-Host")!
    static let xContainerDevice = Self("X-Container-Device")!
    static let xContainerPartition = Self("X-Container-Partition")!
    /// Where a container server reports its totals to the account.
    static let xAccountHost = Self("X-Account-Host")!
    static let xAccountDevice = Self("X-Account-Device")!
    static let xAccountPartition = Self("X-Account-Partition")!
    /// A listing row sent to a container or account server.
    static let xSize = Self("X-Size")!
    static let xCount = Self("X-Count")!
    static let xEtag = Self("X-Etag")!
    static let xContentType = Self("X-Content-Type")!
    static let xDeleteTimestamp = Self("X-Delete-Timestamp")!
    /// Totals of containers and accounts.
    static let xContainerObjectCount = Self("X-Container-Object-Count")!
    static let xContainerBytesUsed = Self("X-Container-Bytes-Used")!
    static let xAccountContainerCount = Self("X-Account-Container-Count")!
    static let xAccountObjectCount = Self("X-Account-Object-Count")!
    static let xAccountBytesUsed = Self("X-Account-Bytes-Used")!
    static let xContainerRead = Self("X-Container-Read")!
    static let xContainerWrite = Self("X-Container-Write")!
    static let xStaticLargeObject = Self("X-Static-Large-Object")!
    static let xTransID = Self("X-Trans-Id")!
}
