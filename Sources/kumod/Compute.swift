import ArgumentParser
import KumoCompute
import KumoComputeAgent
import KumoScheduler

/// `kumod compute-api`: the Compute v2.1 API (Nova).
struct ComputeAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compute-api", abstract: "Run the Compute API.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        try await options.run(service: "compute-api", ComputeServices.api)
    }
}

/// `kumod conductor`: the only writer of instance state for agents and the scheduler.
struct ConductorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conductor", abstract: "Run the compute conductor.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        try await options.run(service: "conductor", ComputeServices.conductor)
    }
}

/// `kumod scheduler`: places instances on hosts and claims their resources.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scheduler", abstract: "Run the scheduler.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        try await options.run(service: "scheduler", SchedulerServices.make)
    }
}

/// `kumod compute --host NAME`: the compute agent of one host, with its own libvirtd.
struct ComputeAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute", abstract: "Run the compute agent of a host (--host names it).")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        try await options.run(service: "compute", ComputeAgentServices.make)
    }
}
