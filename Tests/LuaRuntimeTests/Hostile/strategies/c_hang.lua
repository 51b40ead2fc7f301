-- One C call that would run for hours: the sandbox refuses it before it starts.
strategy = { name = "c_hang", params = {} }
local s = ("a"):rep(16 << 20)
local needle = ("a"):rep(1 << 20) .. "b"
function on_bar(ctx, bar)
  return string.find(s, needle, 1, true)
end
