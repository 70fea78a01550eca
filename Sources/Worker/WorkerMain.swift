import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchKafkaEmbedded
import WaitwatchSimulation
import WaitwatchCLI
import WaitwatchWorkerRuntime

@main
struct WorkerMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waitwatch-worker",
        abstract: "Compute live wait-time statistics and alerts from referral events.",
        version: WaitwatchVersion.current,
        subcommands: [
            RunCommand.self, ReportCommand.self, StatsCommand.self, SchemaCommand.self, AlertsCommand.self, SetupCommand.self,
            CheckConfigCommand.self, BenchEngineCommand.self, BenchRestoreCommand.self, BenchStatsFillCommand.self, DevClusterCommand.self,
            InspectCommand.self,
        ]
    )

    /// Makes writing output safe (no SIGPIPE, closed streams reopened on /dev/null), then runs.
    static func main() async {
        StandardStreams.prepare()
        await main(nil)
    }
}
