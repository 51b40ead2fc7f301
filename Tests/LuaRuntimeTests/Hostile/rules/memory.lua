-- Allocates until the rule's 16 MB cap, catching the out-of-memory error.
function check(order, ctx)
  local t = {}
  pcall(function() for i = 1, 1e9 do t[i] = { i } end end)
  return true
end
