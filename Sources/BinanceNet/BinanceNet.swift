/// Placeholder replaced by the BinanceNet work (issue 15).
enum BinanceNetNamespace {}
