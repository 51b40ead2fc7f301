import FakeBinance

print("spark-fake-binance: being built (issue 15)")
