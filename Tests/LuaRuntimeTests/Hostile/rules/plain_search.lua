-- A plain search of a 1 MiB subject for a 4 KiB needle: over a rule's per-call limit.
local s, needle = ("a"):rep(1 << 20), ("a"):rep(4096) .. "b"
function check(order, ctx) return s:find(needle, 1, true) ~= nil end
