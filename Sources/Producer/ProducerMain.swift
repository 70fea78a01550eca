import ArgumentParser
import Shared

@main
struct ProducerMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waitwatch-producer",
        abstract: "Put referral and appointment events into Kafka.",
        subcommands: [SendCommand.self, CheckCommand.self, SimulateCommand.self]
    )
}
