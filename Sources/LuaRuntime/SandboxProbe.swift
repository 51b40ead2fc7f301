/// Measures how long the slowest C library call the sandbox still allows takes, against the budget.
///
/// No hook runs inside C, so the sandbox charges each C call its estimated worst case up front and
/// refuses it over ``LuaLimits/cCallLimit``. The probe checks that estimate from outside: for every
/// entry of a hostile corpus (a Lua chunk returning `{ name =, setup = function(n), call = function() }`
/// entries, each `call` making one C call on inputs of size `n`), it finds the largest `n` the sandbox
/// allows, times that one call, and reports it as a fraction of the time budget.
public enum SandboxProbe {
    /// What one corpus entry gave at its largest allowed size.
    public struct Finding: Sendable {
        public var name: String
        /// The largest size allowed (0: refused even at the smallest size tried).
        public var size: Int
        /// Wall time of the slowest allowed call.
        public var elapsed: Duration
        /// How the slowest call ended: "ok", or the code of the error it raised (a budget trip, say).
        public var outcome: String
        /// `elapsed` over the time budget the state ran under.
        public var budgetFraction: Double
    }

    /// Runs every entry of `corpus` under `limits` with sizes up to `maxSize` bytes; `progress` hears
    /// of each probe before it runs.
    ///
    /// - Throws: ``LuaError`` when the corpus itself does not load or is not a list of entries.
    public static func run(
        corpus: String, chunkName: String, limits: LuaLimits, maxSize: Int = 16 << 20, progress: (String, Int) -> Void = { _, _ in }
    ) throws(LuaError) -> [Finding] {
        let names = try entryNames(corpus: corpus, chunkName: chunkName)
        let budget = Double(LuaLimits.nanoseconds(limits.timeBudget))
        var findings: [Finding] = []
        for (index, name) in names.enumerated() {
            var best: (size: Int, elapsed: Duration, outcome: String)?
            func probe(_ size: Int) throws(LuaError) -> Bool {
                progress(name, size)
                guard let (elapsed, outcome) = try measure(corpus: corpus, chunkName: chunkName, limits: limits, entry: index + 1, size: size) else { return false }
                if best == nil || elapsed > best!.elapsed { best = (size, elapsed, outcome) }
                return true
            }
            var size = maxSize
            var allowed = 0
            while size >= 16 {
                if try probe(size) { allowed = size; break }
                size /= 2
            }
            if allowed > 0 && allowed < maxSize {
                // Bisect towards the limit: the slowest allowed call sits just under it.
                var low = allowed, high = min(allowed * 2, maxSize)
                for _ in 0..<4 where high - low > 16 {
                    let middle = (low + high) / 2
                    if try probe(middle) { low = middle } else { high = middle }
                }
                allowed = low
            }
            let elapsed = best?.elapsed ?? .zero
            findings.append(Finding(
                name: name, size: allowed, elapsed: elapsed, outcome: best?.outcome ?? "refused",
                budgetFraction: budget > 0 ? Double(LuaLimits.nanoseconds(elapsed)) / budget : 0
            ))
        }
        return findings
    }

    private static func wrap(_ corpus: String) -> String {
        // On the corpus's first line, so its line numbers stay as written.
        "__corpus = (function() " + corpus + "\nend)()\n" + """
        function __setup(i, n) __corpus[i].setup(n) end
        function __call(i) return __corpus[i].call() end
        __names = {}
        for i, entry in ipairs(__corpus) do __names[i] = entry.name end
        """
    }

    private static func entryNames(corpus: String, chunkName: String) throws(LuaError) -> [String] {
        let state = try LuaState(limits: LuaLimits(timeBudget: .seconds(10)), seed: 1)
        try state.load(source: wrap(corpus), chunkName: chunkName)
        guard case .array(let values) = try state.global("__names") else {
            throw LuaError(code: .invalidArgument, message: "\(chunkName): the corpus must return a list of { name =, setup =, call = } entries")
        }
        return values.map { $0.string ?? "?" }
    }

    /// Times entry `entry` at `size` in a fresh state; nil when the sandbox refused it (or the inputs
    /// do not fit in memory), which means "smaller".
    private static func measure(corpus: String, chunkName: String, limits: LuaLimits, entry: Int, size: Int) throws(LuaError) -> (Duration, String)? {
        let state = try LuaState(limits: limits, seed: 1)
        try state.load(source: wrap(corpus), chunkName: chunkName)
        guard let setup = state.functionRef(global: "__setup"), let call = state.functionRef(global: "__call") else {
            throw LuaError(code: .invalidArgument, message: "\(chunkName): the probe's entry points did not load")
        }
        do {
            try state.call(setup, .integer(Int64(entry)), .integer(Int64(size)))
        } catch {
            return nil
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try state.call(call, .integer(Int64(entry)))
        } catch {
            let elapsed = clock.now - start
            switch error.code {
            case .sandbox, .memory: return nil
            default: return (elapsed, "\(error.code)")
            }
        }
        return (clock.now - start, "ok")
    }
}
