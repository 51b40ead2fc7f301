import FakeBinance

/// Hands the load's schedule to a consumer that connected before the load started.
actor ScheduleHolder {
    private(set) var schedule: FakeLoadSchedule?
    func set(_ schedule: FakeLoadSchedule) { self.schedule = schedule }
}
