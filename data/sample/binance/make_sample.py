#!/usr/bin/env python3
"""Writes BTCUSDT-1m-2024-01-07.zip (+ .CHECKSUM): one synthetic day in Binance's kline dump format.

Synthetic prices (a seeded random walk from the CSV sample's last close), Binance's 12 columns,
no header, open times in milliseconds. Minutes 600-602 are left out on purpose, so `spark demo` shows
what a gap finding looks like. Re-running gives identical bytes.
"""
import hashlib
import random
import zipfile

NAME = "BTCUSDT-1m-2024-01-07"
START_MS = 1_704_585_600_000  # 2024-01-07T00:00:00Z
rng = random.Random(20240107)
price = 38431.57  # the CSV sample's last close, so the two join without a jump
rows = []
for minute in range(1440):
    open_ = price
    close = round(open_ * (1 + rng.gauss(0, 0.0008)), 2)
    high = round(max(open_, close) * (1 + abs(rng.gauss(0, 0.0003))), 2)
    low = round(min(open_, close) * (1 - abs(rng.gauss(0, 0.0003))), 2)
    volume = round(rng.uniform(0.5, 20), 5)
    price = close
    if 600 <= minute <= 602:
        continue
    t = START_MS + minute * 60_000
    quote = round(volume * (open_ + close) / 2, 8)
    trades = rng.randint(50, 900)
    taker = round(volume * rng.uniform(0.3, 0.7), 5)
    rows.append(f"{t},{open_:.2f},{high:.2f},{low:.2f},{close:.2f},{volume:.5f},{t + 59_999},{quote:.8f},{trades},{taker:.5f},{round(taker * close, 8):.8f},0")

info = zipfile.ZipInfo(NAME + ".csv", date_time=(2024, 1, 8, 0, 0, 0))
info.compress_type = zipfile.ZIP_DEFLATED
with zipfile.ZipFile(NAME + ".zip", "w") as archive:
    archive.writestr(info, "\n".join(rows) + "\n")
digest = hashlib.sha256(open(NAME + ".zip", "rb").read()).hexdigest()
with open(NAME + ".zip.CHECKSUM", "w") as out:
    out.write(f"{digest}  {NAME}.zip\n")
