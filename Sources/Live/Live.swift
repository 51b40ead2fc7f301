/// Placeholder replaced by the Live work (issue 15).
enum LiveNamespace {}
