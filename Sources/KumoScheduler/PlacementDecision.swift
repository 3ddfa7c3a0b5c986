/// Where the scheduler put an instance.
public enum PlacementDecision: Sendable, Equatable {
    /// The chosen host; the instance's resources are claimed there.
    case host(String)
    case noValidHost(NoValidHost)
}
