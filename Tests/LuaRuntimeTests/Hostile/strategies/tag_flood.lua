-- Tries to copy 1 MiB tags into host records on every order, catching each refusal.
strategy = { name = "tag_flood", params = {} }
local tag = ("t"):rep(1 << 20)
function on_bar(ctx, bar)
  for i = 1, 200 do
    pcall(ctx.buy, ctx, { qty = 0.001, limit = bar.close * 0.5, tag = tag })
  end
end
