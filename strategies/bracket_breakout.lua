-- Channel breakout entered as one bracket order.
-- When a bar closes above the highest high of the `lookback` bars before it, buys at the next open
-- with a stop-loss `stop_atr` ATRs below the close and a take-profit `target_atr` ATRs above it.
-- The venue holds both exits until the entry fills, then whichever fills first cancels the other
-- (docs/fills.md), so there is no exit bookkeeping here and no window where the position is unprotected.

strategy = {
  name = "bracket_breakout",
  description = "Donchian breakout with a bracket: market entry, ATR stop-loss and take-profit",
  params = {
    lookback   = { type = "int", min = 2, max = 500, default = 60, description = "channel length (bars)" },
    atr        = { type = "int", min = 2, max = 200, default = 14, description = "ATR period (bars)" },
    stop_atr   = { type = "number", min = 0.1, max = 20, default = 2, description = "stop-loss distance in ATRs" },
    target_atr = { type = "number", min = 0.1, max = 50, default = 4, description = "take-profit distance in ATRs" },
    size       = { type = "number", min = 0.00001, default = 0.01, description = "order size in base units" },
  },
}

function on_start(ctx)
  ctx.state.high = ctx.ta.highest(ctx.params.lookback)
  ctx.state.atr = ctx.ta.atr(ctx.params.atr)
  ctx.state.tick = ctx:instrument().tick
end

function on_bar(ctx, bar)
  local s = ctx.state
  local channel = s.high:ready() and s.high:value() or nil
  local atr = s.atr:update(bar)
  s.high:update(bar)
  if not (channel and s.atr:ready()) then return end
  if ctx:position() == 0 and #ctx:orders() == 0 and bar.close > channel then
    -- Prices go onto the tick by the engine, never toward a worse fill; no rounding needed here.
    local entry, stop, target = ctx:buy{
      qty = ctx.params.size,
      stop_loss = bar.close - ctx.params.stop_atr * atr,
      take_profit = bar.close + ctx.params.target_atr * atr,
      tag = "breakout",
    }
    if entry then
      ctx:log(string.format("bracket: entry %d, stop-loss %d at %.2f, take-profit %d at %.2f",
        entry, stop, bar.close - ctx.params.stop_atr * atr, target, bar.close + ctx.params.target_atr * atr))
    end
  end
end

function on_fill(ctx, fill)
  ctx:log(string.format("order %d filled: %s %g at %.2f", fill.order_id, fill.side, fill.qty, fill.price))
end

function on_order(ctx, order)
  ctx:log(string.format("order %d %s: %s", order.id, order.status, order.reason or ""))
end
