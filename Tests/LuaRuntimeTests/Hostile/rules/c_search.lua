-- A search that would run for hours in C: refused by its cost estimate, so the order is rejected.
local s = ("a"):rep(1 << 20)
function check(order, ctx) return s:find(".-b") ~= nil end
