-- An endless loop that swallows errors.
function check(order, ctx) while true do pcall(function() while true do end end) end end
