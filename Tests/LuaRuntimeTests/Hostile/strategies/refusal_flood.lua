-- Places 5,000 orders a bar (50 times the flood limit) that the engine refuses: records and warning lines stay bounded.
strategy = { name = "refusal_flood", params = {} }
function on_bar(ctx, bar)
  for i = 1, 5000 do
    ctx:buy{ qty = 0.000000001 }
  end
end
