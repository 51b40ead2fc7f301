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
---@field type "market"|"limit"|"stop"|"stop_limit"|"take_profit"|"take_profit_limit"|"trailing_stop"
---@field qty number
---@field price number|nil  the limit price
---@field filled number
---@field status "open"|"filled"|"cancelled"|"expired"|"rejected"
---@field reason string|nil why it was rejected, cancelled or expired
---@field tag string|nil

---An order request for `ctx:buy` / `ctx:sell`.
---@class spark.OrderRequest
---@field qty number        base units; rounded down to the instrument's step
---@field symbol? string    defaults to the run's symbol
---@field limit? number     the limit price: a limit order, or with stop/take_profit a stop-limit/take-profit-limit
---@field stop? number      a stop trigger (STOP_LOSS); a trailing stop's first trigger
---@field take_profit? number a take-profit trigger; in a bracket (with stop_loss) the target exit's limit
---@field stop_loss? number makes a bracket: the stop exit's trigger
---@field trail? number     trailing stop distance in price
---@field trail_pct? number trailing stop distance in percent of the best price (0.01 to 20)
---@field tif? "GTC"|"IOC"|"FOK"
---@field good_till? integer ms since the epoch: expires at the first bar at or after it (GTD)
---@field post_only? boolean rejected rather than take liquidity (LIMIT_MAKER)
---@field reduce_only? boolean only reduces the position
---@field tag? string       at most 64 UTF-8 bytes; echoed back on fills and order updates

---An OCO pair for `ctx:oco`: a limit leg and a stop (or stop-limit) leg.
---@class spark.OcoRequest
---@field side "buy"|"sell"
---@field qty number
---@field limit number
---@field stop number
---@field stop_limit? number makes the stop leg a stop-limit
---@field reduce_only? boolean
---@field symbol? string
---@field tag? string

---A symbol's grid and limits, as `ctx:instrument` gives them (numbers as decimals).
---@class spark.Instrument
---@field symbol string
---@field tick number          e.g. 0.01
---@field step number          e.g. 0.00001
---@field min_qty number
---@field min_notional number
---@field allow_short boolean
---@field price_decimals integer
---@field qty_decimals integer

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
---One order, or with `stop_loss` a bracket (returns the entry's, the stop's and the target's ids).
---@param order spark.OrderRequest
---@return integer|nil id the order's id (a bracket: the entry's)
---@return string|integer|nil error why the order was refused (a bracket: the stop exit's id)
---@return integer|nil target a bracket's target exit id
function Context:buy(order) end
---@param order spark.OrderRequest
---@return integer|nil id
---@return string|integer|nil error
---@return integer|nil target
function Context:sell(order) end
---An OCO pair: returns the limit leg's id, then the stop leg's; or nil and why it was refused.
---@param pair spark.OcoRequest
---@return integer|nil limit_id
---@return integer|string|nil stop_id
function Context:oco(pair) end
---@param symbol? string
---@return spark.Instrument
function Context:instrument(symbol) end
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
---Logs a line (like print): stderr and a backtest's run.log; lines over 1 KiB are cut, and past the per-run cap they are counted, not printed.
---@param ... any
function Context:log(...) end
---Time of the event being handled, ms since the epoch. Never the wall clock.
---@return integer
function Context:now() end

-- The callbacks. Declared here with typed parameters so that `ctx`, `bar`, `fill` and `order`
-- complete inside a strategy's own `function on_bar(ctx, bar)` with no annotation of its own.
-- Should an editor not carry the types over, annotate the definition with the matching alias:
-- `---@type spark.OnBar` above `function on_bar(ctx, bar)`.

---@alias spark.OnStart fun(ctx: spark.Context)
---@alias spark.OnBar fun(ctx: spark.Context, bar: spark.Bar)
---@alias spark.OnFill fun(ctx: spark.Context, fill: spark.Fill)
---@alias spark.OnOrder fun(ctx: spark.Context, order: spark.Order)
---@alias spark.OnStop fun(ctx: spark.Context)

---Once, before the first bar (optional).
---@param ctx spark.Context
function on_start(ctx) end

---Every bar, in time order (required). The bar table is reused: copy the fields you keep.
---@param ctx spark.Context
---@param bar spark.Bar
function on_bar(ctx, bar) end

---After each execution of one of your orders (optional); once per part under --volume-share.
---@param ctx spark.Context
---@param fill spark.Fill
function on_fill(ctx, fill) end

---When an order ends without filling completely: cancelled, expired or rejected (optional).
---@param ctx spark.Context
---@param order spark.Order
function on_order(ctx, order) end

---Once, after the last bar (optional).
---@param ctx spark.Context
function on_stop(ctx) end

---The strategy's declaration: its name, description and the schema of its params.
---@class spark.ParamSpec
---@field type "int"|"number"|"bool"|"string"
---@field min? number
---@field max? number
---@field default? number|integer|boolean|string
---@field description? string

---@class spark.Strategy
---@field name string          must match `strategy:` in param sets
---@field description? string
---@field params? table<string, spark.ParamSpec>

---@type spark.Strategy
strategy = nil
