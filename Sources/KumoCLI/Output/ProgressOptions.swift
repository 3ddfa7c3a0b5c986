import ArgumentParser

/// `--quiet`, for the commands that transfer bytes and otherwise show their progress on standard error.
public struct ProgressOptions: ParsableArguments {
    @Flag(name: [.customShort("q"), .long], help: "Show no progress on standard error.")
    var quiet = false

    public init() {}

    /// A reporter of a transfer of `total` bytes.
    func reporter(total: Int64) -> ProgressReporter { ProgressReporter(total: total, quiet: quiet) }
}
