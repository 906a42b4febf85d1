/// A thread for the scheduler to create and manage.
public struct ManagedThread: Sendable {
    /// The thread's name, e.g. `vcpu[0]`; schedules refer to threads by this name.
    public let name: String
    /// The schedule-point labels this thread honours; points with other labels pass through
    /// without parking (nil: honour every label).
    public let labels: Set<String>?
    /// The thread's code.
    public let body: @Sendable () -> Void

    /// Creates a thread description.
    public init(name: String, labels: Set<String>? = nil, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.labels = labels
        self.body = body
    }
}
