import Foundation
import Testing
@testable import Drivers

@Suite("The kill switch's two levels")
struct KillLevelTests {
    @Test("spark kill on --level 1 records level 1; the default is level 2; a file without a level reads as level 2")
    func levels() throws {
        let project = try TestProject.make("levels")
        let store = GuardStateStore(directory: project.stateDirectory)
        let one = try SparkCLI.run(["kill", "on", "--level", "1", "--reason", "venue wobbles"], in: project.root)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("at level 1"), "\(one.stdout)")
        #expect(store.kill()?.level == 1)
        #expect(store.killReason() == "venue wobbles")
        _ = try SparkCLI.run(["kill", "on", "--reason", "stop everything"], in: project.root)
        #expect(store.kill()?.level == 2)
        try Data("written by hand".utf8).write(to: URL(fileURLWithPath: store.killPath))
        #expect(store.kill()?.level == 2)
        #expect(store.killReason() == "written by hand")
    }

    @Test("a kill level other than 1 or 2 is refused and the switch stays as it was")
    func badLevel() throws {
        let project = try TestProject.make("badlevel")
        let run = try SparkCLI.run(["kill", "on", "--level", "3"], in: project.root)
        #expect(run.status != 0)
        #expect(run.stderr.contains("use 1 (block new orders) or 2"), "\(run.stderr)")
        #expect(GuardStateStore(directory: project.stateDirectory).kill() == nil)
    }
}
