-- Loops forever inside on_bar: stopped at its time budget, the run fails with file:line.
strategy = { name = "busy_loop", params = {} }
function on_bar(ctx, bar)
  while true do end
end
