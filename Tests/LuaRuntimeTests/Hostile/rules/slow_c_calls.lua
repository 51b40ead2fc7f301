-- Many C calls, each allowed, that add up past the budget: the instruction budget charges each.
local s = ("a"):rep(4096)
function check(order, ctx)
  for i = 1, 1e6 do s:upper() end
  return true
end
