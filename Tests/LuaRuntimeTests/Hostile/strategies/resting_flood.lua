-- Keeps the maximum number of resting orders and churns them every bar.
strategy = { name = "resting_flood", params = {} }
function on_bar(ctx, bar)
  for i = 1, ctx:orders() and #ctx:orders() or 0 do end
  for i = 1, 100 do
    ctx:buy{ qty = 0.001, limit = bar.close * 0.5, tag = "rest" }
  end
  for _, order in ipairs(ctx:orders()) do ctx:cancel(order.id) end
end
