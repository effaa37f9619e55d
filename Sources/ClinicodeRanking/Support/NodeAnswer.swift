/// A note-independent answer about one catalog node (a value parsed from its
/// title, a twin's id), kept in one of the node's lazy slots: a reference,
/// as `LazyReference` holds. Worked out once per node and run instead of
/// once per mention that asks.
final class NodeAnswer<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
