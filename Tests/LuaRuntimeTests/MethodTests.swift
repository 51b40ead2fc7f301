import Testing
import LuaRuntime

/// A host that answers what it was called with: whether self was the method's own table, the
/// type names of the arguments, and the first field outside an allow-list.
final class ReceiverHost: LuaHost {
    static let allowed: [StaticString] = ["qty", "tag"]

    func luaHostCall(_ id: Int32, _ args: LuaArgs, _ results: inout LuaResults) -> LuaHostStatus {
        switch id {
        case 1:
            results.push(bool: args.hasOwnReceiver)
            results.push(string: (0..<args.count).map { args.typeName(at: $0) }.joined(separator: ","))
            results.push(string: args.typeName(at: args.count))
        case 2:
            if let unknown = args.firstUnknownField(at: 1, allowed: Self.allowed) { results.push(string: unknown) } else { results.pushNil() }
        default:
            return .error("obj:fail: refused")
        }
        return .ok
    }
}

@Suite("Host methods")
struct MethodTests {
    func state(_ host: ReceiverHost) throws -> LuaState {
        let state = try LuaState(limits: fastLimits, seed: 1)
        state.host = host
        let object = try state.makeTable(.table(["name": .string("obj"), "nested": .table([:])]))
        try state.setHostMethod(object, "check", id: 1)
        try state.setHostMethod(object, "fields", id: 2)
        try state.setHostMethod(object, "fail", id: 3)
        try state.setHostFunction(object, "plain", id: 1)
        try state.load(source: "function __set(o) obj = o end", chunkName: "=setup")
        try state.call(state.functionRef(global: "__set")!, .ref(object))
        return state
    }

    @Test("a host method knows whether self is its own table; a plain host function never claims it")
    func ownReceiver() throws {
        let host = ReceiverHost()
        let state = try state(host)
        try state.load(source: """
        own = { obj:check() }
        dot = { obj.check(42, 'x') }
        none = { obj.check() }
        other = { obj.check(setmetatable({}, { __index = obj, __eq = function() return true end })) }
        plain = { obj:plain() }
        """, chunkName: "m.lua")
        #expect(try state.global("own") == .array([.bool(true), .string("table"), .string("no value")]))
        #expect(try state.global("dot") == .array([.bool(false), .string("number,string"), .string("no value")]))
        #expect(try state.global("none") == .array([.bool(false), .string(""), .string("no value")]))
        #expect(try state.global("other") == .array([.bool(false), .string("table"), .string("no value")]))
        #expect(try state.global("plain") == .array([.bool(false), .string("table"), .string("no value")]))
    }

    @Test("type names are Lua's, for every type a script can pass")
    func typeNames() throws {
        let host = ReceiverHost()
        let state = try state(host)
        try state.load(source: "_, names = obj:check(nil, true, 1, 1.5, 's', {}, print, setmetatable({}, {}))", chunkName: "m.lua")
        #expect(try state.global("names") == .string("table,nil,boolean,number,number,string,table,function,table"))
    }

    @Test("the first field outside the allow-list is named; allowed fields and non-tables give nil")
    func unknownField() throws {
        let host = ReceiverHost()
        let state = try state(host)
        try state.load(source: """
        a = obj:fields{ qty = 1, tag = 'x' }
        b = obj:fields{ qty = 1, price = 2 }
        c = obj:fields(5)
        """, chunkName: "m.lua")
        #expect(try state.global("a") == .nil)
        #expect(try state.global("b") == .string("price"))
        #expect(try state.global("c") == .nil)
    }

    @Test("a host error names the line of the first caller outside host-provided chunks")
    func errorLocation() throws {
        let host = ReceiverHost()
        let state = try state(host)
        try state.load(source: "function wrapped(o) local r = o:fail() return r end", chunkName: "=prelude")
        let error = try #require(throws: LuaError.self) {
            try state.load(source: "local x = 1\nlocal y = wrapped(obj)\n", chunkName: "m.lua")
        }
        #expect(error.message.hasPrefix("m.lua:2: obj:fail: refused"), "\(error.message)")
        let direct = try #require(throws: LuaError.self) { try state.load(source: "\nlocal y = obj:fail()", chunkName: "m.lua") }
        #expect(direct.message.hasPrefix("m.lua:2: obj:fail: refused"), "\(direct.message)")
    }
}
