import ArgumentParser
import KumoCLI

/// Entry point of `kumo`; the commands live in KumoCLI, where tests reach them.
@main
enum Kumo {
    static func main() async {
        await KumoCommand.main()
    }
}
