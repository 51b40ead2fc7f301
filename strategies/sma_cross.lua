-- SMA cross, long only.
-- Buys `size` when the fast SMA of closes crosses strictly above the slow one while flat, and
-- closes the position when the slow SMA crosses strictly above the fast one. Signals are taken at
-- a bar's close; market orders fill at the next bar's open.

strategy = {
  name = "sma_cross",
  description = "Long-only moving-average crossover",
  params = {
    fast = { type = "int", min = 2, max = 200, default = 10, description = "fast SMA period (bars)" },
    slow = { type = "int", min = 3, max = 500, default = 30, description = "slow SMA period (bars)" },
    size = { type = "number", min = 0.00001, default = 0.01, description = "order size in base units" },
  },
}

local fast, slow, crossover

function on_start(ctx)
  assert(ctx.params.fast < ctx.params.slow, "fast must be shorter than slow")
  fast = ctx.ta.sma(ctx.params.fast)
  slow = ctx.ta.sma(ctx.params.slow)
  crossover = ctx.ta.crossover
end

function on_bar(ctx, bar)
  fast:update(bar.close)
  slow:update(bar.close)
  local position = ctx:position()
  if position == 0 then
    if crossover(fast, slow) then
      ctx:buy{ qty = ctx.params.size }
    end
  elseif crossover(slow, fast) then
    ctx:close()
  end
end
