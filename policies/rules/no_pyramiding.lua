-- Refuses a buy that would add to an existing long more than `max_adds` times in a row.
-- Policy usage:
--   - id: no-pyramiding
--     lua: { file: rules/no_pyramiding.lua, params: { max_adds: 2 } }
--
-- check(order, ctx) runs in the same sandbox and budgets as strategies. Return true to allow,
-- or false and a reason to reject. An error or an overrun rejects the order (fail closed).

local adds = 0

function check(order, ctx)
  if order.side == "sell" then
    adds = 0
    return true
  end
  if ctx.position > 0 then
    if adds >= ctx.params.max_adds then
      return false, string.format("already added %d times to a long of %g %s", adds, ctx.position, order.symbol)
    end
    adds = adds + 1
  else
    adds = 0
  end
  return true
end
