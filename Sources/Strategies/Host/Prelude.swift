/// Lua run in the strategy's sandbox before the strategy: the parts of `ctx` that build tables.
///
/// Host functions return only scalars (so no Lua allocation can fail inside Swift); tables are
/// assembled here, in Lua, under the same budgets as the strategy.
enum Prelude {
    static let source = #"""
    -- Taken before the strategy loads: a strategy that reassigns the global cannot reach the install.
    local setmetatable = setmetatable
    function __spark_install(ctx, on_bar)
      local count, at = ctx._order_count, ctx._order_at
      local instrument = ctx._instrument
      ctx._order_count, ctx._order_at, ctx._instrument = nil, nil, nil
      -- A fresh table each call; `extra` only reaches the host, which refuses it.
      function ctx:instrument(symbol, extra)
        local sym, tick, step, min_qty, min_notional, allow_short, price_decimals, qty_decimals = instrument(self, symbol, extra)
        return { symbol = sym, tick = tick, step = step, min_qty = min_qty, min_notional = min_notional,
                 allow_short = allow_short, price_decimals = price_decimals, qty_decimals = qty_decimals }
      end
      -- `extra` only reaches the host, which refuses it: ctx:orders takes one argument.
      function ctx:orders(symbol, extra)
        local list = {}
        for i = 1, count(self, symbol, extra) do
          local id, sym, side, kind, qty, price, filled, tag = at(self, i, symbol)
          list[i] = { id = id, symbol = sym, side = side, type = kind, qty = qty, price = price,
                      filled = filled, status = "open", tag = tag }
        end
        return list
      end
      -- The primary symbol's position changes only on fills, so it is cached here and ctx:position()
      -- costs no host call per bar; other symbols, and every call the host must refuse (a wrong self,
      -- a symbol that is not a string, an extra argument), still ask the host, which compares self by
      -- identity. `self == ctx` rather than rawequal: a C call per bar costs sma_cross about 8% of its
      -- bars/s, and a table whose __eq claims to be ctx gains only a read of this cached number.
      local host_position, primary, position = ctx.position, ctx.symbol, 0
      function ctx:position(symbol, extra)
        if (symbol == nil or symbol == primary) and extra == nil and self == ctx then return position end
        return host_position(self, symbol, extra)
      end
      local function fill_cb(id, sym, side, qty, price, fee, time, maker, tag, primary_position)
        position = primary_position
        if on_fill then
          on_fill(ctx, { order_id = id, symbol = sym, side = side, qty = qty, price = price, fee = fee,
                         time = time, maker = maker, tag = tag })
        end
      end
      local function order_cb(id, sym, side, kind, qty, price, filled, status, reason, tag)
        if on_order then
          on_order(ctx, { id = id, symbol = sym, side = side, type = kind, qty = qty, price = price,
                          filled = filled, status = status, reason = reason, tag = tag })
        end
      end
      -- The bar on_bar sees: one table, refilled in place before each call, so a bar costs no
      -- allocation and six field writes in Lua rather than six table writes through the C API. Its
      -- metatable is locked: a strategy cannot hang __newindex on it and run its own code in here.
      local bar = setmetatable({ symbol = ctx.symbol, time = 0, open = 0.0, high = 0.0, low = 0.0, close = 0.0, volume = 0.0 },
                               { __metatable = "locked" })
      local function bar_cb(time, open, high, low, close, volume)
        bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume = time, open, high, low, close, volume
        return on_bar(ctx, bar)
      end
      __spark_fill, __spark_order, __spark_bar = fill_cb, order_cb, bar_cb
    end
    """#
}
