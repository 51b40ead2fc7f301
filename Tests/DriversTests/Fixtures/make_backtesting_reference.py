#!/usr/bin/env python3
"""Regenerates the backtesting.py 0.6.6 reference for the SMA-cross parity test.

Writes sma_reference_bars.csv (deterministic synthetic 1-minute bars) and
sma_reference_trades.csv (the trades backtesting.py makes on them with a long-only variant of its
SmaCross example: fixed size in units, no commission, finalize_trades=True).

The seed is the first one from 12345 whose closes never make the two SMAs exactly equal: at an
exact tie, whether a cross fires depends on how each side rounds its floating-point mean, which
is not what the parity test is about.

    pip install backtesting==0.6.6
    python3 Tests/DriversTests/Fixtures/make_backtesting_reference.py
"""
import math
from fractions import Fraction
import os

import pandas as pd
from backtesting import Backtest, Strategy
from backtesting.lib import crossover

HERE = os.path.dirname(os.path.abspath(__file__))
FAST, SLOW, SIZE, BARS = 10, 30, 1, 3000


def bars(seed):
    state = seed
    def uniform():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (state >> 11) / float(1 << 53)
    price, rows = 100.0, []
    start = pd.Timestamp("2024-01-01T00:00:00Z")
    for i in range(BARS):
        drift = math.sin(i / 60) * 0.0004
        open_ = round(price, 2)
        close = round(max(1.0, open_ * (1 + drift + (uniform() - 0.5) * 0.006)), 2)
        high = round(max(open_, close) * (1 + uniform() * 0.002), 2)
        low = round(min(open_, close) * (1 - uniform() * 0.002), 2)
        rows.append((start + pd.Timedelta(minutes=i), open_, high, low, close, round(1 + uniform() * 10, 3)))
        price = close
    return pd.DataFrame(rows, columns=["time", "Open", "High", "Low", "Close", "Volume"]).set_index("time")


def sma(values, n):
    return pd.Series(values).rolling(n).mean()


class LongOnlySmaCross(Strategy):
    def init(self):
        self.fast = self.I(sma, self.data.Close, FAST)
        self.slow = self.I(sma, self.data.Close, SLOW)

    def next(self):
        if not self.position and crossover(self.fast, self.slow):
            self.buy(size=SIZE)
        elif self.position and crossover(self.slow, self.fast):
            self.position.close()


def has_tie(data):
    closes = [Fraction(str(c)) for c in data.Close]
    for i in range(SLOW - 1, len(closes)):
        if sum(closes[i - FAST + 1:i + 1]) * SLOW == sum(closes[i - SLOW + 1:i + 1]) * FAST:
            return True
    return False


seed = 12345
while has_tie(data := bars(seed)):
    seed += 1
print(f"seed {seed}")
with open(os.path.join(HERE, "sma_reference_bars.csv"), "w") as out:
    out.write("time,open,high,low,close,volume\n")
    for t, row in data.iterrows():
        out.write(f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')},{row.Open},{row.High},{row.Low},{row.Close},{row.Volume}\n")

stats = Backtest(data, LongOnlySmaCross, cash=1_000_000, commission=0, finalize_trades=True).run()
trades = stats["_trades"]
with open(os.path.join(HERE, "sma_reference_trades.csv"), "w") as out:
    out.write("entry_time,exit_time,entry_price,exit_price,pnl\n")
    for _, t in trades.iterrows():
        out.write(f"{t.EntryTime.strftime('%Y-%m-%dT%H:%M:%SZ')},{t.ExitTime.strftime('%Y-%m-%dT%H:%M:%SZ')},{t.EntryPrice},{t.ExitPrice},{round(t.PnL, 6)}\n")
print(f"{len(trades)} trades, final equity {stats['Equity Final [$]']:.2f}, return {stats['Return [%]']:.4f}%")
