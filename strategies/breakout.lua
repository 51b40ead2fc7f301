-- Channel breakout with resting orders.
-- While flat, keeps one stop order to buy above the highest high of the last `lookback` bars.
-- Once filled, protects the position with a stop-loss `stop_atr` ATRs below the entry and a
-- take-profit limit `target_atr` ATRs above it; whichever fills first cancels the other.

strategy = {
  name = "breakout",
  description = "Donchian breakout with ATR stop-loss and take-profit",
  params = {
    lookback   = { type = "int", min = 2, max = 500, default = 60, description = "channel length (bars)" },
    atr        = { type = "int", min = 2, max = 200, default = 14, description = "ATR period (bars)" },
    stop_atr   = { type = "number", min = 0.1, max = 20, default = 2, description = "stop-loss distance in ATRs" },
    target_atr = { type = "number", min = 0.1, max = 50, default = 4, description = "take-profit distance in ATRs" },
    size       = { type = "number", min = 0.00001, default = 0.01, description = "order size in base units" },
    tick       = { type = "number", min = 0.00000001, default = 0.01, description = "the instrument's price tick: computed levels are rounded onto it" },
  },
}

-- The engine rounds prices onto the tick anyway, never toward a worse fill (docs/fills.md); this
-- strategy rounds its levels to the nearest tick itself, so they are the same whatever the side.
local function on_tick(ctx, price)
  local tick = ctx.params.tick
  return math.floor(price / tick + 0.5) * tick
end

function on_start(ctx)
  ctx.state.high = ctx.ta.highest(ctx.params.lookback)
  ctx.state.atr = ctx.ta.atr(ctx.params.atr)
end

function on_bar(ctx, bar)
  local s = ctx.state
  local channel = s.high:update(bar)
  local atr = s.atr:update(bar)
  if not (s.high:ready() and s.atr:ready()) then return end

  if ctx:position() == 0 and not s.entry and not s.exits then
    -- Re-arm the entry a tick above the channel; the stop triggers when a later bar trades through it.
    s.entry = ctx:buy{ qty = ctx.params.size, stop = on_tick(ctx, channel + ctx.params.tick), tag = "entry" }
    s.entry_atr = atr
  elseif s.entry and ctx:position() == 0 then
    -- The channel moved: replace the entry so it tracks the new high.
    ctx:cancel(s.entry)
    s.entry = ctx:buy{ qty = ctx.params.size, stop = on_tick(ctx, channel + ctx.params.tick), tag = "entry" }
    s.entry_atr = atr
  end
end

function on_fill(ctx, fill)
  local s = ctx.state
  if fill.tag == "entry" then
    s.entry = nil
    local qty = ctx:position()
    s.exits = {
      ctx:sell{ qty = qty, stop = on_tick(ctx, fill.price - ctx.params.stop_atr * s.entry_atr), tag = "stop-loss" },
      ctx:sell{ qty = qty, limit = on_tick(ctx, fill.price + ctx.params.target_atr * s.entry_atr), tag = "take-profit" },
    }
  elseif s.exits then
    for _, id in ipairs(s.exits) do
      if id ~= fill.order_id then ctx:cancel(id) end
    end
    s.exits = nil
  end
end

function on_order(ctx, order)
  -- A rejected or cancelled entry simply gets re-armed on the next bar.
  if ctx.state.entry == order.id then ctx.state.entry = nil end
end

function on_stop(ctx)
  ctx:log("breakout stopped; position " .. ctx:position())
end
