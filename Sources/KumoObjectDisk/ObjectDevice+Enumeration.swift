extension ObjectDevice {
    /// The partitions with a directory on this device, ascending.
    public func partitions() throws(ObjectDiskError) -> [Int] {
        (try FileSystem.listDirectory(objectsPath) ?? [])
            .compactMap { name in Int(name).flatMap { $0 >= 0 && String($0) == name ? $0 : nil } }
            .sorted()
    }

    /// The suffix directories of a partition, ascending.
    public func suffixes(partition: Int) throws(ObjectDiskError) -> [String] {
        (try FileSystem.listDirectory(partitionPath(partition)) ?? []).filter { Self.isHex($0, count: 3) }.sorted()
    }

    /// The hash directories in a suffix directory, ascending.
    public func hashes(partition: Int, suffix: String) throws(ObjectDiskError) -> [String] {
        (try FileSystem.listDirectory(suffixPath(partition, suffix)) ?? [])
            .filter { Self.isHex($0, count: 32) && Self.suffix(of: $0) == suffix }
            .sorted()
    }

    /// The current files of an object (ascending; at most a `.data` and a `.meta`, or a `.ts`),
    /// ignoring obsolete ones not cleaned up yet: what a replicator compares and pushes.
    public func files(partition: Int, hash: String) throws(ObjectDiskError) -> [ObjectFileName] {
        HashDirectoryState(names: try FileSystem.listDirectory(hashPath(partition, hash)) ?? []).current
    }
}
