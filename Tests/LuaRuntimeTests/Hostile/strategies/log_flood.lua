-- Logs an 8 MiB line 50 times a bar, with ctx:log and print: the host keeps at most a capped line,
-- a capped number of them, and counts the rest.
strategy = { name = "log_flood", params = {} }
local big = ("x"):rep(8 << 20)
function on_bar(ctx, bar)
  for i = 1, 50 do
    ctx:log(big, i)
    print(big)
  end
end
