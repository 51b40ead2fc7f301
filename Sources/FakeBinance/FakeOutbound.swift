/// A frame the fake sends on a WebSocket connection.
enum FakeOutbound: Sendable {
    /// A text frame.
    case text(String)
    /// A ping control frame.
    case ping
    /// Close the connection.
    case close
}
