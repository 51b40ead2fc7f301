---@meta
-- lua-language-server annotations for the Spark strategy API.
-- Add this folder to your workspace library (see .luarc.json at the repository root) for
-- completion and type checks. Nothing here runs: Spark provides these objects at run time.

---A bar as `on_bar` receives it. The table is reused between calls: copy fields you keep.
---@class spark.Bar
---@field symbol string   e.g. "BTCUSDT"
---@field time integer    open time, milliseconds since the Unix epoch (UTC)
---@field open number
---@field high number
---@field low number
---@field close number
---@field volume number

---A fill as `on_fill` receives it (a fresh table each time).
---@class spark.Fill
---@field order_id integer
---@field symbol string
---@field side "buy"|"sell"
---@field qty number
---@field price number
---@field fee number      in the quote currency
---@field time integer    ms since the epoch
---@field maker boolean   true when a resting limit order added liquidity
---@field tag string|nil  the order's tag

---An order as `ctx:orders()` and `on_order` give it.
---@class spark.Order
---@field id integer
---@field symbol string
---@field side "buy"|"sell"
---@field type "market"|"limit"|"stop"
---@field qty number
---@field price number|nil  limit or stop price
---@field filled number
---@field status "open"|"filled"|"cancelled"|"rejected"
---@field reason string|nil why it was rejected or cancelled
---@field tag string|nil

---An order request for `ctx:buy` / `ctx:sell`.
---@class spark.OrderRequest
---@field qty number        base units; rounded down to the instrument's step
---@field symbol? string    defaults to the run's symbol
---@field limit? number     makes it a limit order
---@field stop? number      makes it a stop (market) order
---@field tag? string       at most 64 UTF-8 bytes; echoed back on fills and order updates

---A streaming indicator computed on the host.
---@class spark.Indicator
local Indicator = {}
---Feeds one value (or a bar: atr/highest/lowest use its high, low and close) and returns the new value, nil until ready.
---@param x number|spark.Bar
---@return number|nil
function Indicator:update(x) end
---@return number|nil value the current value, nil until ready
function Indicator:value() end
---@return number|nil previous the value before the last update
function Indicator:prev() end
---@return boolean
function Indicator:ready() end
---Bollinger bands only.
---@return number|nil upper
---@return number|nil middle
---@return number|nil lower
function Indicator:bands() end

---@class spark.TA
---@field sma fun(period: integer): spark.Indicator
---@field ema fun(period: integer): spark.Indicator
---@field rsi fun(period: integer): spark.Indicator
---@field atr fun(period: integer): spark.Indicator
---@field bbands fun(period: integer, k?: number): spark.Indicator
---@field highest fun(period: integer): spark.Indicator
---@field lowest fun(period: integer): spark.Indicator
---@field crossover fun(a: spark.Indicator, b: spark.Indicator): boolean   a crossed strictly above b on the last update
---@field crossunder fun(a: spark.Indicator, b: spark.Indicator): boolean  a crossed strictly below b on the last update

---The strategy's handle on the engine.
---@class spark.Context
---@field params table<string, number|integer|boolean|string>  validated against strategy.params
---@field state table     yours; lives as long as the run
---@field symbol string   the run's symbol
---@field ta spark.TA
local Context = {}
---@param order spark.OrderRequest
---@return integer|nil id
---@return string|nil error why the order was refused
function Context:buy(order) end
---@param order spark.OrderRequest
---@return integer|nil id
---@return string|nil error
function Context:sell(order) end
---Market order that flattens the position; nil when already flat.
---@param symbol? string
---@return integer|nil id
function Context:close(symbol) end
---@param id integer
---@return boolean cancelled false when no such order is open
function Context:cancel(id) end
---Signed position in base units (negative when short).
---@param symbol? string
---@return number
function Context:position(symbol) end
---@return number
function Context:cash() end
---Cash plus positions marked at the last close.
---@return number
function Context:equity() end
---@param symbol? string
---@return spark.Order[]
function Context:orders(symbol) end
---@param ... any
---Logs a line (like print): stderr and a backtest's run.log; lines over 1 KiB are cut, and past the per-run cap they are counted, not printed.
function Context:log(...) end
---Time of the event being handled, ms since the epoch. Never the wall clock.
---@return integer
function Context:now() end
