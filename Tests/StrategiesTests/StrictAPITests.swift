import Engine
import LuaRuntime
import SparkCore
import Testing
@testable import Strategies

/// Hostile calls of every `ctx` function: wrong types, wrong `self`, extra arguments, long tags.
///
/// Each case runs inside `pcall` in one bar; the strategy logs what it got, so a case that is
/// accepted (or places an order) shows up as a failure naming the call.
@Suite("Strict ctx API types")
struct StrictAPITests {
    /// Lua values of every type a script can pass, by the name `type()` gives them.
    static let wrongValues: [(lua: String, type: String)] = [
        ("42", "number"), ("1.5", "number"), ("0/0", "number"), ("true", "boolean"), ("false", "boolean"),
        ("'BTCUSDT'", "string"), ("''", "string"), ("{}", "table"), ("function() end", "function"),
        ("ctx.ta.sma(2)", "userdata"),
    ]

    /// Runs each call in `pcall` in one bar and returns its error message ("ok" when it succeeded).
    func outcomes(_ calls: [String]) throws -> (messages: [String], engine: Engine) {
        let cases = calls.map { "  function() return \($0) end," }.joined(separator: "\n")
        let harness = try Harness(header + """
        local cases = {
        \(cases)
        }
        function on_bar(c, bar)
          ctx = c
          for i, call in ipairs(cases) do
            local ok, err = pcall(call)
            ctx:log("case", i, ok and "ok" or tostring(err))
          end
        end
        """)
        harness.bar(100)
        #expect(harness.engine.failure == nil, "\(String(describing: harness.engine.failure))")
        var messages = Array(repeating: "not run", count: calls.count)
        for line in harness.logs {
            let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
            guard parts.count == 4, parts[1] == "case", let index = Int(parts[2]) else { continue }
            messages[index - 1] = parts[3]
        }
        return (messages, harness.engine)
    }

    /// Expects every call to fail with a message containing `expected(call)` and no order to exist.
    func expectRefused(_ cases: [(call: String, message: String)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (messages, engine) = try outcomes(cases.map(\.call))
        for (index, item) in cases.enumerated() {
            #expect(messages[index].contains(item.message), "\(item.call) gave: \(messages[index])", sourceLocation: sourceLocation)
        }
        #expect(engine.ordersSubmitted == 0 && engine.ordersRejected == 0, "a refused call reached the engine", sourceLocation: sourceLocation)
    }

    @Test("every order field of the wrong type is an error naming the function, the field and the type expected")
    func orderFields() throws {
        let fields: [(name: String, expected: String)] = [
            ("qty", "a number"), ("limit", "a number"), ("stop", "a number"), ("symbol", "a string"), ("tag", "a string"),
            ("take_profit", "a number"), ("stop_loss", "a number"), ("trail", "a number"), ("trail_pct", "a number"),
            ("post_only", "a boolean"), ("reduce_only", "a boolean"),
        ]
        var cases: [(call: String, message: String)] = []
        for verb in ["buy", "sell"] {
            for field in fields {
                for value in Self.wrongValues {
                    if field.expected == "a number" && value.type == "number" { continue }
                    if field.expected == "a string" && value.type == "string" { continue }
                    if field.expected == "a boolean" && value.type == "boolean" { continue }
                    let qty = field.name == "qty" ? "" : "qty = 1, "
                    let call = "ctx:\(verb){ \(qty)\(field.name) = \(value.lua) }"
                    // The bridge refuses tables, functions and indicators inside an order table before
                    // the host sees them; its message names the field too.
                    let message = ["table", "function", "userdata"].contains(value.type)
                        ? "field '\(field.name)' holds a table or function"
                        : "ctx:\(verb): field '\(field.name)' must be \(field.expected) (got \(value.type))"
                    cases.append((call, message))
                }
            }
            cases.append(("ctx:\(verb){ limit = 5 }", "ctx:\(verb): field 'qty' must be a number (got nil)"))
            cases.append(("ctx:\(verb){ qty = '1' }", "ctx:\(verb): field 'qty' must be a number (got string)"))
            cases.append(("ctx:\(verb){ qty = 1, price = 3 }", "ctx:\(verb): unknown field 'price' (allowed: qty, limit, stop, take_profit, stop_loss, trail, trail_pct, tif, good_till, post_only, reduce_only, symbol, tag)"))
            cases.append(("ctx:\(verb)('qty')", "ctx:\(verb){ qty = …, [limit = …], [stop = …], … }: expected a table (got string)"))
            cases.append(("ctx:\(verb)()", "expected a table (got no value)"))
            cases.append(("ctx:\(verb)({ qty = 1 }, 2)", "ctx:\(verb) takes at most 1 argument (got a number as argument 2)"))
            cases.append(("ctx:\(verb){ qty = 1, [1] = 2 }", "it has a key that is not a string"))
        }
        try expectRefused(cases)
    }

    @Test("time in force, order kinds, brackets, OCO pairs and instrument lookups refuse every wrong field by name")
    func orderTermsAndLists() throws {
        try expectRefused([
            ("ctx:buy{ qty = 1, limit = 99, tif = 'DAY' }", "ctx:buy: field 'tif' must be \"GTC\", \"IOC\" or \"FOK\" (got 'DAY')"),
            ("ctx:buy{ qty = 1, limit = 99, tif = 1 }", "ctx:buy: field 'tif' must be \"GTC\", \"IOC\" or \"FOK\" (got number)"),
            ("ctx:buy{ qty = 1, limit = 99, good_till = 1.5 }", "ctx:buy: field 'good_till' must be an integer time in ms since the epoch (got 1.5)"),
            ("ctx:buy{ qty = 1, limit = 99, good_till = 'soon' }", "ctx:buy: field 'good_till' must be an integer time in ms since the epoch (got string)"),
            ("ctx:buy{ qty = 1, limit = 99, good_till = 1e15, tif = 'IOC' }", "ctx:buy: good_till makes the order good till that time; it cannot be combined with tif"),
            ("ctx:sell{ qty = 1, stop = 95, take_profit = 110 }", "ctx:sell: give stop or take_profit, not both"),
            ("ctx:sell{ qty = 1, trail = 5, limit = 90 }", "ctx:sell: a trailing stop (trail or trail_pct) takes no limit or take_profit"),
            ("ctx:buy{ qty = 1, stop_loss = 95, trail = 5 }", "ctx:buy: trail and trail_pct do not apply to a bracket (stop_loss)"),
            ("ctx:buy{ qty = 1, stop_loss = 95, reduce_only = true }", "ctx:buy: a bracket's entry opens a position, so reduce_only does not apply"),
            ("ctx:oco{ side = 'up', qty = 1, limit = 110, stop = 95 }", "ctx:oco: field 'side' must be \"buy\" or \"sell\" (got 'up')"),
            ("ctx:oco{ qty = 1, limit = 110, stop = 95 }", "ctx:oco: field 'side' must be \"buy\" or \"sell\" (got nil)"),
            ("ctx:oco{ side = 'sell', qty = 1, limit = 110 }", "ctx:oco: field 'stop' must be a number (got nil)"),
            ("ctx:oco{ side = 'sell', qty = 1, stop = 95 }", "ctx:oco: field 'limit' must be a number (got nil)"),
            ("ctx:oco{ side = 'sell', qty = 1, limit = 110, stop = 95, take_profit = 1 }", "ctx:oco: unknown field 'take_profit' (allowed: side, qty, limit, stop, stop_limit, reduce_only, symbol, tag)"),
            ("ctx:oco{ side = 'sell', qty = 1, limit = 110, stop = 95, reduce_only = 1 }", "ctx:oco: field 'reduce_only' must be a boolean (got number)"),
            ("ctx:oco('sell')", "ctx:oco{ side = \"buy\"|\"sell\", qty = …, limit = …, stop = … }: expected a table (got string)"),
            ("ctx.oco{ side = 'sell', qty = 1, limit = 110, stop = 95 }", "ctx:oco: self must be the strategy's ctx"),
            ("ctx:instrument(5)", "ctx:instrument: argument 'symbol' must be a string (got number)"),
            ("ctx:instrument('DOGE')", "ctx:instrument: unknown symbol 'DOGE' (this run trades BTCUSDT, ETHUSDT)"),
            ("ctx:instrument('BTCUSDT', 1)", "ctx:instrument takes at most 1 argument (got a number as argument 2)"),
            ("ctx.instrument(7)", "ctx:instrument: self must be the strategy's ctx"),
        ])
    }

    @Test("the symbol arguments of position, close and orders must be strings or nil")
    func symbolArguments() throws {
        var cases: [(call: String, message: String)] = []
        for function in ["position", "close", "orders"] {
            for value in Self.wrongValues where value.type != "string" {
                cases.append(("ctx:\(function)(\(value.lua))", "ctx:\(function): argument 'symbol' must be a string (got \(value.type))"))
            }
            cases.append(("ctx:\(function)('DOGE')", "ctx:\(function): unknown symbol 'DOGE' (this run trades BTCUSDT, ETHUSDT)"))
            cases.append(("ctx:\(function)('BTCUSDT', 1)", "ctx:\(function) takes at most 1 argument (got a number as argument 2)"))
        }
        try expectRefused(cases)
    }

    @Test("cancel takes an integer order id and nothing else")
    func cancelID() throws {
        var cases: [(call: String, message: String)] = []
        for value in Self.wrongValues where value.lua != "42" {
            // NaN prints as "nan" or "-nan" depending on the platform; the type is what matters.
            let got = value.lua == "1.5" ? "number 1.5)" : value.type == "number" ? "number" : "\(value.type))"
            cases.append(("ctx:cancel(\(value.lua))", "ctx:cancel: argument 'id' must be an integer order id, as ctx:buy returned it (got \(got)"))
        }
        cases.append(("ctx:cancel()", "ctx:cancel: argument 'id' must be an integer order id, as ctx:buy returned it (got no value)"))
        cases.append(("ctx:cancel('1')", "(got string)"))
        cases.append(("ctx:cancel(1, 2)", "ctx:cancel takes at most 1 argument (got a number as argument 2)"))
        try expectRefused(cases)
        // An integral float is the same id in Lua (t[2.0] is t[2]), so it is accepted.
        let (messages, _) = try outcomes(["ctx:cancel(2.0)", "ctx:cancel(7)"])
        #expect(messages == ["ok", "ok"])
    }

    @Test("cash, equity and now take no arguments")
    func noArguments() throws {
        var cases: [(call: String, message: String)] = []
        for function in ["cash", "equity", "now"] {
            for value in Self.wrongValues {
                cases.append(("ctx:\(function)(\(value.lua))", "ctx:\(function) takes no arguments (got a \(value.type) as argument 1)"))
            }
        }
        try expectRefused(cases)
        let (messages, _) = try outcomes(["ctx:cash(nil)", "ctx:now()", "ctx:position(nil)", "ctx:position('BTCUSDT')", "ctx:log(1, {}, nil, true)"])
        #expect(messages == ["ok", "ok", "ok", "ok", "ok"])
    }

    @Test("self must be the strategy's own ctx: ctx.buy(12345, o), ctx.buy(nil, o) and look-alikes are errors with a hint")
    func wrongSelf() throws {
        let functions: [(name: String, usage: String, arguments: String)] = [
            ("buy", "ctx:buy{ qty = … }", ", { qty = 1 }"), ("sell", "ctx:sell{ qty = … }", ", { qty = 1 }"),
            ("close", "ctx:close([symbol])", ""), ("cancel", "ctx:cancel(id)", ", 1"),
            ("position", "ctx:position([symbol])", ""), ("position", "ctx:position([symbol])", ", 'ETHUSDT'"),
            ("cash", "ctx:cash()", ""), ("equity", "ctx:equity()", ""), ("orders", "ctx:orders([symbol])", ""),
            ("log", "ctx:log(...)", ", 'x'"), ("now", "ctx:now()", ""),
        ]
        let receivers: [(lua: String, type: String)] = [
            ("12345", "number"), ("nil", "nil"), ("'ctx'", "string"), ("true", "boolean"), ("{}", "table"),
            ("setmetatable({}, { __index = ctx })", "table"), ("setmetatable({}, { __eq = function() return true end })", "table"),
            ("ctx.params", "table"), ("ctx.ta.sma(2)", "userdata"),
        ]
        var cases: [(call: String, message: String)] = []
        for function in functions {
            for receiver in receivers where !(function.name == "position" && function.arguments.isEmpty && receiver.lua.contains("__eq")) {
                cases.append((
                    "ctx.\(function.name)(\(receiver.lua)\(function.arguments))",
                    "ctx:\(function.name): self must be the strategy's ctx (got \(receiver.type)); call it with a colon: \(function.usage)"
                ))
            }
            // No receiver at all: the dot call with the order table as the only argument.
            let only = function.arguments.isEmpty ? "" : String(function.arguments.dropFirst(2))
            // position and orders are Lua functions in the prelude: they pass a missing self on as nil.
            let missing = ["position", "orders"].contains(function.name) ? "nil" : "no value"
            let got = only.isEmpty ? missing : only.hasPrefix("{") ? "table" : only.hasPrefix("'") ? "string" : "number"
            cases.append(("ctx.\(function.name)(\(only))", "ctx:\(function.name): self must be the strategy's ctx (got \(got))"))
        }
        try expectRefused(cases)
    }

    @Test("a table whose __eq claims to be ctx reads the cached primary position and nothing else")
    func eqLiar() throws {
        let liar = "setmetatable({}, { __eq = function() return true end })"
        let (messages, _) = try outcomes(["assert(ctx.position(\(liar)) == 0)", "ctx.position(\(liar), 'ETHUSDT')", "ctx.cash(\(liar))"])
        #expect(messages[0] == "ok")
        #expect(messages[1].contains("ctx:position: self must be the strategy's ctx (got table)"), "\(messages[1])")
        #expect(messages[2].contains("ctx:cash: self must be the strategy's ctx (got table)"), "\(messages[2])")
    }

    @Test("an error from ctx:position or ctx:orders names the strategy's line, not the prelude's")
    func errorLocation() throws {
        for call in ["ctx:position(42)", "ctx:orders(42)", "ctx.position(nil)"] {
            let harness = try Harness(header + "function on_bar(ctx, bar)\n  local x = \(call)\nend")
            harness.bar(100)
            let message = try #require(harness.engine.failure?.message)
            #expect(message.contains("strategies/test.lua:3: ctx:"), "\(call) gave: \(message)")
            #expect(!message.hasPrefix("spark-prelude"), "\(call) gave: \(message)")
        }
    }

    @Test("a tag over 64 UTF-8 bytes is refused with the limit; 64 bytes, multibyte or not, is accepted")
    func tagLength() throws {
        #expect(Order.maxTagBytes == 64)
        try expectRefused([
            ("ctx:buy{ qty = 1, tag = string.rep('x', 65) }", "ctx:buy: tag is 65 bytes, over the 64-byte limit"),
            ("ctx:sell{ qty = 1, tag = string.rep('é', 33) }", "ctx:sell: tag is 66 bytes, over the 64-byte limit"),
            ("ctx:buy{ qty = 1, limit = 5, tag = string.rep('x', 1 << 20) }", "ctx:buy: tag is 1048576 bytes, over the 64-byte limit"),
        ])
        let (messages, engine) = try outcomes([
            "assert(ctx:buy{ qty = 1, limit = 5, tag = string.rep('x', 64) })",
            "assert(ctx:buy{ qty = 1, limit = 5, tag = string.rep('é', 32) })",
            "assert(ctx:buy{ qty = 1, limit = 5, tag = '' })",
        ])
        #expect(messages == ["ok", "ok", "ok"])
        #expect(engine.openOrders.map { $0.tag?.utf8.count } == [64, 64, 0])
    }

    @Test("NaN and infinite quantities and prices come back as nil and a reason that says so")
    func notFinite() throws {
        let (messages, engine) = try outcomes([
            "(function() local id, err = ctx:buy{ qty = 0/0 }; error(err) end)()",
            "(function() local id, err = ctx:sell{ qty = 1/0 }; error(err) end)()",
            "(function() local id, err = ctx:buy{ qty = 1, limit = 0/0 }; error(err) end)()",
            "(function() local id, err = ctx:buy{ qty = 1, stop = -1/0 }; error(err) end)()",
            "(function() local id, err = ctx:buy{ qty = 1e300 }; error(err) end)()",
        ])
        #expect(messages[0].contains("invalid_quantity: quantity for BTCUSDT must be a finite number (got NaN)"), "\(messages[0])")
        #expect(messages[1].contains("invalid_quantity: quantity for BTCUSDT must be a finite number (got infinity)"), "\(messages[1])")
        #expect(messages[2].contains("invalid_price: limit price for BTCUSDT must be a finite number (got NaN)"), "\(messages[2])")
        #expect(messages[3].contains("invalid_price: stop price for BTCUSDT must be a finite number (got -infinity)"), "\(messages[3])")
        #expect(messages[4].contains("too_large: quantity 1e+300 is too large for the fixed-point range of BTCUSDT"), "\(messages[4])")
        #expect(engine.ordersRejected == 5 && engine.openOrders.isEmpty)
    }

    @Test("indicator constructors and methods refuse wrong types, bad periods and extra arguments")
    func indicators() throws {
        var cases: [(call: String, message: String)] = []
        for name in ["sma", "ema", "rsi", "atr", "bbands", "highest", "lowest"] {
            for (value, got) in [("'10'", "string"), ("2.5", "2.5"), ("-3", "-3"), ("0", "0"), ("100001", "100001"), ("true", "boolean"), ("nil", "nil"), ("0/0", "nan"), ("1e300", "1e+300")] {
                cases.append(("ctx.ta.\(name)(\(value))", "ta.\(name)(period): period must be an integer between 1 and 100000 (got \(got == "nan" ? "" : got)"))
            }
            cases.append(("ctx.ta:\(name)(10)", "(got table); call it with a dot: ctx.ta.\(name)(n)"))
        }
        for name in ["sma", "ema", "rsi", "atr", "highest", "lowest"] {
            cases.append(("ctx.ta.\(name)(10, 2)", "ta.\(name) takes 1 argument (got an extra number)"))
        }
        cases += [
            ("ctx.ta.bbands(10, '2')", "ta.bbands(period, k): k must be a positive number (got string)"),
            ("ctx.ta.bbands(10, 1/0)", "k must be a positive number (got inf)"),
            ("ctx.ta.bbands(10, 2, 3)", "ta.bbands takes 2 arguments (got an extra number)"),
            ("ctx.ta.sma(2):update('1')", "update: expected a finite number or a bar (got string)"),
            ("ctx.ta.sma(2):update(true)", "update: expected a finite number or a bar (got boolean)"),
            ("ctx.ta.sma(2):update(1/0)", "update: expected a finite number or a bar (got a number that is not finite)"),
            ("ctx.ta.sma(2):update(1, 2)", "ind:update takes 1 argument (got an extra number)"),
            ("ctx.ta.atr(2):update({ high = '2', low = 1, close = 1 })", "a bar table needs numeric high, low and close (field 'high' is string)"),
            ("ctx.ta.atr(2):update({ high = 2, low = 1, close = 0/0 })", "(field 'close' is not finite)"),
            ("ctx.ta.sma(2).update(5, 1)", "update: expected an indicator as self (got number); call it with a colon: ind:update(...)"),
            ("ctx.ta.sma(2).value({})", "value: expected an indicator as self (got table)"),
            ("ctx.ta.sma(2):value(1)", "ind:value takes 0 arguments (got an extra number)"),
            ("ctx.ta.sma(2):bands('x')", "ind:bands takes 0 arguments (got an extra string)"),
            ("ctx.ta.crossover(ctx.ta.sma(2), 3)", "crossover(a, b): expected two indicators (got userdata and number)"),
            ("ctx.ta.crossunder(ctx.ta.sma(2), ctx.ta.sma(3), 1)", "ta.crossunder takes 2 arguments (got an extra number)"),
        ]
        try expectRefused(cases)
    }
}
