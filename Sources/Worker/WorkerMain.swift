import ArgumentParser
import Shared

@main
struct WorkerMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waitwatch-worker",
        abstract: "Compute live wait-time statistics and alerts from referral events.",
        subcommands: [DevClusterCommand.self, InspectCommand.self]
    )
}
