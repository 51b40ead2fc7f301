"""backtesting.py's peer of strategies/sma_cross.lua, for SparkBench's backtest.vs_backtestingpy figure.

    python bench/backtestingpy_sma.py BARS.csv [ROUNDS]

Reads a Spark bar CSV (time,open,high,low,close,volume) with pandas (not timed), then times only
Backtest.run() of the same long-only SMA 10/30 cross: buy when the fast SMA crosses above the slow
one while flat, close when the slow crosses above the fast; orders fill at the next bar's open, as
in Spark. Prints one JSON object on stdout: {"seconds": best run() time, "rounds", "bars", "trades"}.
"""
import json
import sys
import time
import warnings

import pandas as pd
from backtesting import Backtest, Strategy
from backtesting.lib import crossover


def sma(values, n):
    return pd.Series(values).rolling(n).mean()


class SmaCross(Strategy):
    fast = 10
    slow = 30

    def init(self):
        self.fast_sma = self.I(sma, self.data.Close, self.fast)
        self.slow_sma = self.I(sma, self.data.Close, self.slow)

    def next(self):
        if not self.position:
            if crossover(self.fast_sma, self.slow_sma):
                self.buy(size=1)
        elif crossover(self.slow_sma, self.fast_sma):
            self.position.close()


def main():
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    frame = pd.read_csv(path, parse_dates=["time"], index_col="time")
    frame = frame.rename(columns=str.capitalize)
    best = float("inf")
    trades = 0
    warnings.simplefilter("ignore")
    for _ in range(rounds):
        backtest = Backtest(frame, SmaCross, cash=10_000_000, commission=0.0, finalize_trades=True)
        start = time.perf_counter()
        stats = backtest.run()
        best = min(best, time.perf_counter() - start)
        trades = int(stats["# Trades"])
    print(json.dumps({"seconds": best, "rounds": rounds, "bars": len(frame), "trades": trades}))


if __name__ == "__main__":
    main()
