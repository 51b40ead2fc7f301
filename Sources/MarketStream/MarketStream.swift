/// Placeholder replaced by the MarketStream work (issue 15).
enum MarketStreamNamespace {}
