/// A market-data load under way: its schedule, and the task that sends it.
public struct FakeLoadRun: Sendable {
    /// What is sent when.
    public let schedule: FakeLoadSchedule
    /// Ends when the last message has been handed to the connections; returns how many were sent.
    public let sender: Task<Int, Never>

    /// Waits for the sender; returns how many messages it sent.
    public func finished() async -> Int { await sender.value }
}
