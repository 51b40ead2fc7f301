/// Placeholder replaced by the FakeBinance work (issue 15).
enum FakeBinanceNamespace {}
