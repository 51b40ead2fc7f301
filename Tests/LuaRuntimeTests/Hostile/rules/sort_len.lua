-- table.insert on a table whose __len claims 2^50 elements: the Lua insert loops under the hook.
function check(order, ctx)
  local t = setmetatable({}, { __len = function() return 1 << 50 end })
  table.insert(t, 1, "x")
  return true
end
