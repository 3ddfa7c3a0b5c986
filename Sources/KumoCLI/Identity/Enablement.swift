import ArgumentParser

/// `--enable` / `--disable`, as openstack's create and set commands have them.
enum Enablement: String, EnumerableFlag {
    case enable, disable

    var enabled: Bool { self == .enable }
}
