/* The sandbox: a fresh allow-listed environment, wrappers for the C functions no hook can see, and
 * refusals with clear messages. Runs once per state, inside a protected frame. */
#include "spark_internal.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---------- refusals ---------- */

typedef struct forbidden { const char *name; const char *hint; } forbidden;

static const forbidden forbidden_names[] = {
    { "io", "files and the console are out of reach; use print or the host's log" },
    { "os", "time and randomness come from the host (ctx and math.random)" },
    { "debug", "it could break every other guarantee of the sandbox" },
    { "package", "a strategy is a single file" },
    { "require", "a strategy is a single file" },
    { "load", "code cannot be loaded at run time" },
    { "loadstring", "code cannot be loaded at run time" },
    { "loadfile", "code cannot be loaded at run time" },
    { "dofile", "code cannot be loaded at run time" },
    { "collectgarbage", "memory is managed by the host" },
    { "coroutine", "a coroutine would run outside the time budget" },
    { "module", "a strategy is a single file" },
    { "setfenv", "use local variables instead" },
    { "getfenv", "use local variables instead" },
    { "unpack", "use table.unpack" },
    { "newproxy", "userdata cannot be made from Lua" },
    { NULL, NULL },
};

/* __index of the environment: missing globals are nil, except the ones we refuse by name. */
static int env_index(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING) {
        const char *k = lua_tostring(L, 2);
        for (const forbidden *f = forbidden_names; f->name; f++) {
            if (strcmp(k, f->name) == 0)
                return spark_raise_marked(L, SPARK_KIND_SANDBOX, "%s is not available in the Spark sandbox (%s)", f->name, f->hint);
        }
    }
    lua_pushnil(L);
    return 1;
}

static int refuse_dump(lua_State *L) {
    return spark_raise_marked(L, SPARK_KIND_SANDBOX, "string.dump is not available in the Spark sandbox (binary chunks are refused)");
}

/* ---------- base wrappers ---------- */

static int sb_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        static const char *const refused[] = { "__gc", "__close" };
        for (int i = 0; i < 2; i++) {
            lua_pushstring(L, refused[i]);
            int t = lua_rawget(L, 2);
            lua_pop(L, 1);
            if (t != LUA_TNIL)
                return spark_raise_marked(L, SPARK_KIND_SANDBOX,
                    "setmetatable: %s metamethods are refused by the Spark sandbox (they would run outside the time budget)", refused[i]);
        }
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

/* xpcall runs the function like pcall and calls the handler only after unwinding, with hooks on.
 * The native xpcall runs its handler at the error point, where hooks are off after a budget trip,
 * so a looping handler would run forever. Budget and memory failures skip the handler entirely. */
static int sb_xpcall(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    luaL_checkstack(L, n + 2, "too many arguments");
    lua_pushvalue(L, 1);
    for (int i = 3; i <= n; i++) lua_pushvalue(L, i);
    int st = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    if (st == LUA_OK) {
        luaL_checkstack(L, 1, "too many results");
        lua_pushboolean(L, 1);
        lua_insert(L, n + 1);
        return lua_gettop(L) - n;
    }
    spark_memory_checkpoint(c);
    if (c->failure) return lua_error(L);
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    st = lua_pcall(L, 1, 1, 0);
    if (st != LUA_OK) {
        spark_memory_checkpoint(c);
        if (c->failure) return lua_error(L);
    }
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

static int sb_print(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    int n = lua_gettop(L);
    /* The host keeps a few KiB of a line: copy no more than that (plus one byte, so the host sees
     * that it was cut) into a C buffer, however long the arguments are. */
    char line[SPARK_PRINT_BYTES + 1];
    size_t used = 0;
    for (int i = 1; i <= n && used < sizeof line; i++) {
        if (i > 1) line[used++] = '\t';
        size_t len;
        const char *part = luaL_tolstring(L, i, &len);
        size_t take = len < sizeof line - used ? len : sizeof line - used;
        memcpy(line + used, part, take);
        used += take;
        lua_pop(L, 1);
    }
    if (c->print) c->print(c->host, line, used);
    return 0;
}

/* Calls the wrapped library function (upvalue 1) with this call's arguments, passing its results on. */
static int call_original(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* ---------- the cost of a C call ----------
 *
 * No hook runs inside a C library function, so every one whose work is not bounded by its output
 * (which the memory cap bounds) is charged up front with an estimate of its worst case, in
 * nanoseconds on this machine kind, before it runs. The weights come from timing the committed hostile
 * corpus (Tests/LuaRuntimeTests/Hostile, docs/lua-sandbox.md); each is rounded up. */
#define NS_MATCH_STEP 8.0     /* one step of the pattern matcher (measured 4-5 ns) */
#define NS_MATCH_CALL 60.0    /* per match of gsub/gmatch: captures, buffer, replacement (measured ~40) */
#define NS_PLAIN_POS 12.0     /* plain search, per subject position: memchr + memcmp call (measured 9) */
#define NS_PLAIN_BYTE 0.05    /* plain search, per compared byte (measured 0.022) */
#define NS_BYTE 2.5           /* one pass over a string: upper, lower, reverse, utf8 (measured 0.6-2.9) */
#define NS_REP_COPY 3.0       /* string.rep, per copy (measured 2) */
#define NS_VALUE 24.0         /* a value pushed or read by C: byte, unpack, codepoint, concat (measured 15) */

void spark_charge(lua_State *L, spark_lua *c, double ns, const char *fn, const char *what) {
    if (ns > c->limits.c_call_limit_ns) {
        char est[32], lim[32];
        snprintf(est, sizeof est, "%.3g", ns / 1e6);
        snprintf(lim, sizeof lim, "%.3g", c->limits.c_call_limit_ns / 1e6);
        spark_raise_marked(L, SPARK_KIND_SANDBOX,
            "%s: %s could take up to ~%s ms in one call, over the sandbox's per-call limit of %s ms (an eighth of "
            "the time budget; C functions cannot be interrupted); work on shorter strings or fewer elements",
            fn, what, est, lim);
        return;
    }
    if (c->limits.instruction_budget > 0 && c->instr_seq == c->seq_local) {
        /* One instruction per estimated nanosecond: deterministic, so a rule that loops over slow
         * calls overruns at the same call on every machine. */
        c->instr_debt += (int64_t)ns;
        if (c->instr_debt >= c->instr_remaining) {
            spark_trip(c, SPARK_FAIL_INSTRUCTIONS);
            lua_pushfstring(L, "%s: instruction budget of %I instructions exceeded (counting the estimated cost of C calls)",
                            fn, (lua_Integer)c->limits.instruction_budget);
            lua_error(L);
        }
    }
}

/* ---------- string wrappers ---------- */

static int sb_rep(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    size_t l, lsep = 0;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    /* Lua's own loop runs n times even when each copy is empty. */
    if (n > 0 && l + lsep == 0) { lua_pushliteral(L, ""); return 1; }
    if (n > 0) {
        double total = (double)l * (double)n + (double)lsep * (double)(n - 1);
        if (total > (double)c->limits.max_string_bytes)
            return spark_raise_marked(L, SPARK_KIND_SANDBOX,
                "string.rep: the result would be %I bytes, over the sandbox limit of %I bytes",
                (lua_Integer)(total > 9e18 ? 9e18 : total), (lua_Integer)c->limits.max_string_bytes);
    }
    if (n > 0) spark_charge(L, c, (double)n * NS_REP_COPY + ((double)l * (double)n) * 0.1, "string.rep", "this repetition");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* Repetition items in a pattern: *, +, -, ? after an item, and %b (each can backtrack over the subject). */
static int pattern_items(const char *p, size_t lp, int *special) {
    int k = 0;
    *special = 0;
    for (size_t i = 0; i < lp; i++) {
        char ch = p[i];
        switch (ch) {
        case '%':
            *special = 1;
            if (i + 1 < lp && p[i + 1] == 'b') { k++; i += 3; }
            else if (i + 1 < lp && p[i + 1] == 'f') { i++; }
            else { if (i + 1 < lp && p[i + 1] >= '0' && p[i + 1] <= '9') k++; i++; }  /* %1..%9 compares a capture */
            break;
        case '[':
            *special = 1;
            i++;
            if (i < lp && p[i] == '^') i++;
            if (i < lp) i++; /* a leading ']' is literal */
            while (i < lp && p[i] != ']') { if (p[i] == '%') i++; i++; }
            break;
        case '*': case '+': case '-': case '?':
            *special = 1;
            if (i > 0 && !(i == 1 && p[0] == '^')) k++;
            break;
        case '^': case '$': case '.': case '(': case ')':
            *special = 1;
            break;
        default:
            break;
        }
    }
    return k;
}

/* The matcher is C: no hook sees it, so each call is charged its worst case up front. With k
 * repetition items (* + - ? %b %1..%9) each start position can backtrack over (#s+1)^k states and each
 * state scans up to #p pattern bytes (a set [...] is scanned per subject byte); #s+1 start positions
 * (one when anchored). A pattern with no special character is a plain search (memchr + memcmp). */
static int sb_pattern(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    int which = (int)lua_tointeger(L, lua_upvalueindex(2));
    static const char *const names[] = { "string.find", "string.match", "string.gmatch", "string.gsub" };
    size_t ls, lp, lr = 0;
    luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int special;
    int k = pattern_items(p, lp, &special);
    /* Only find takes the plain path (memchr + memcmp); match runs the matcher even on a literal. */
    int plain = which == 0 && (lua_toboolean(L, 4) || !special);
    double n = (double)ls + 1.0;
    double cost;
    char what[160];
    if (plain) {
        cost = n * (NS_PLAIN_POS + (double)lp * NS_PLAIN_BYTE);
        snprintf(what, sizeof what, "a plain search for a %zu-byte needle in a %zu-byte string", lp, ls);
    } else {
        int anchored = lp > 0 && p[0] == '^' && which != 2;
        cost = NS_MATCH_STEP * ((double)lp + 1.0) * pow(n, (double)k + (anchored ? 0.0 : 1.0));
        if (which >= 2) {
            if (which == 3 && lua_type(L, 3) == LUA_TSTRING) lua_tolstring(L, 3, &lr);
            cost += n * (NS_MATCH_CALL + (double)lr * NS_PLAIN_POS);
        }
        snprintf(what, sizeof what, "a %zu-byte pattern with %d repetition item(s) on a %zu-byte string", lp, k, ls);
    }
    spark_charge(L, c, cost, names[which], what);
    return call_original(L);
}

/* One pass over the string argument (upper, lower, reverse, utf8.len, utf8.offset). */
static int sb_linear(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    size_t ls = 0;
    if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &ls);
    spark_charge(L, c, (double)ls * NS_BYTE, lua_tostring(L, lua_upvalueindex(2)), "a pass over this string");
    return call_original(L);
}

/* A range [i, j] of values pushed or read by C (string.byte, utf8.codepoint, table.unpack,
 * table.concat): charged by the range the arguments name (or the raw length when absent). */
static int sb_range(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    double len = lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TTABLE ? (double)lua_rawlen(L, 1) : 0;
    int first = (int)lua_tointeger(L, lua_upvalueindex(3));
    int to_end = (int)lua_tointeger(L, lua_upvalueindex(4));
    double i = lua_isnumber(L, first) ? lua_tonumber(L, first) : 1;
    double j = lua_isnumber(L, first + 1) ? lua_tonumber(L, first + 1) : (to_end ? len : i);
    if (i < 0) i = len + i + 1;
    if (j < 0) j = len + j + 1;
    double count = j >= i ? j - i + 1 : 0;
    spark_charge(L, c, count * NS_VALUE + len * 0.1, lua_tostring(L, lua_upvalueindex(2)), "this range");
    return call_original(L);
}

/* ---------- table, math wrappers ---------- */

/* table.move copies element by element in C; a huge range would loop with no hook. */
static int sb_move(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    double cap = (double)(c->limits.memory_limit / 16);
    if (cap < 65536) cap = 65536;
    if (e >= f && (double)e - (double)f + 1.0 > cap)
        return spark_raise_marked(L, SPARK_KIND_SANDBOX, "table.move: a range of %I elements is over the sandbox limit of %I",
                                  (lua_Integer)((double)e - (double)f + 1.0 > 9e18 ? 9e18 : (double)e - (double)f + 1.0), (lua_Integer)cap);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_randomseed(lua_State *L) {
    if (lua_isnoneornil(L, 1))
        return spark_raise_marked(L, SPARK_KIND_SANDBOX,
            "math.randomseed needs an explicit seed in the Spark sandbox (math.random is already seeded from the run)");
    luaL_checkinteger(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 0);
    return 0;
}

/* ---------- building the environment ---------- */

/* Copies every field of the table at `from` into a new table left on the top. */
static void copy_table(lua_State *L, int from) {
    from = lua_absindex(L, from);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, from)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

/* t[name] = closure(fn, upvalue = original t[name]) for the table on the top. */
static void wrap(lua_State *L, const char *name, lua_CFunction fn, int extra) {
    lua_getfield(L, -1, name);
    if (extra >= 0) { lua_pushinteger(L, extra); lua_pushcclosure(L, fn, 2); }
    else lua_pushcclosure(L, fn, 1);
    lua_setfield(L, -2, name);
}

/* Like wrap, with the function's full name (and two integers) as further upvalues. */
static void wrap_named(lua_State *L, const char *name, const char *full, lua_CFunction fn, int nints, int a, int b) {
    lua_getfield(L, -1, name);
    lua_pushstring(L, full);
    if (nints > 0) lua_pushinteger(L, a);
    if (nints > 1) lua_pushinteger(L, b);
    lua_pushcclosure(L, fn, 2 + nints);
    lua_setfield(L, -2, name);
}

/* table.insert, table.remove and table.sort in Lua: in C their loops run for as long as a script's
 * __len says, with no hook to stop them; in Lua every step is an instruction the budgets see. The
 * chunk gets its helpers as arguments and never sees the script's environment. */
static const char table_lua[] =
    "local type, error, select, tointeger = ...\n"
    "local function len(t, fn)\n"
    "  if type(t) ~= 'table' then error(\"bad argument #1 to '\" .. fn .. \"' (table expected, got \" .. type(t) .. ')', 3) end\n"
    "  return #t\n"
    "end\n"
    "local function int(v, n, fn)\n"
    "  local i = tointeger(v)\n"
    "  if i == nil then error(\"bad argument #\" .. n .. \" to '\" .. fn .. \"' (number has no integer representation)\", 3) end\n"
    "  return i\n"
    "end\n"
    "local function insert(t, ...)\n"
    "  local e = len(t, 'insert') + 1\n"
    "  local n = select('#', ...)\n"
    "  if n == 1 then t[e] = ...; return end\n"
    "  if n ~= 2 then error(\"wrong number of arguments to 'insert'\", 2) end\n"
    "  local pos, v = ...\n"
    "  pos = int(pos, 2, 'insert')\n"
    "  if pos < 1 or pos > e then error(\"bad argument #2 to 'insert' (position out of bounds)\", 2) end\n"
    "  for i = e, pos + 1, -1 do t[i] = t[i - 1] end\n"
    "  t[pos] = v\n"
    "end\n"
    "local function remove(t, pos)\n"
    "  local size = len(t, 'remove')\n"
    "  if pos == nil then pos = size else pos = int(pos, 2, 'remove') end\n"
    "  if pos ~= size and (pos < 1 or pos > size + 1) then error(\"bad argument #2 to 'remove' (position out of bounds)\", 2) end\n"
    "  local v = t[pos]\n"
    "  while pos < size do t[pos] = t[pos + 1]; pos = pos + 1 end\n"
    "  t[pos] = nil\n"
    "  return v\n"
    "end\n"
    /* Heap sort: O(n log n) on every input, no recursion, no extra table. Not stable (nor is Lua's). */
    "local function lt(a, b) return a < b end\n"
    "local function sort(t, comp)\n"
    "  local n = len(t, 'sort')\n"
    "  if comp ~= nil and type(comp) ~= 'function' then error(\"bad argument #2 to 'sort' (function expected, got \" .. type(comp) .. ')', 2) end\n"
    "  local less = comp or lt\n"
    "  local function sift(root, last)\n"
    "    while true do\n"
    "      local child = 2 * root\n"
    "      if child > last then return end\n"
    "      if child < last and less(t[child], t[child + 1]) then child = child + 1 end\n"
    "      if less(t[root], t[child]) then t[root], t[child] = t[child], t[root]; root = child else return end\n"
    "    end\n"
    "  end\n"
    "  for i = n // 2, 1, -1 do sift(i, n) end\n"
    "  for last = n, 2, -1 do t[1], t[last] = t[last], t[1]; sift(1, last - 1) end\n"
    "end\n"
    "return insert, remove, sort\n";

/* ---------- to-be-closed variables ----------
 *
 * A `__close` handler runs when its variable goes out of scope, including while an error unwinds,
 * where hooks are off after a budget trip: a looping handler would run with no budget. Refusing the
 * `<close>` attribute at load makes every `__close` metamethod inert, whatever route installed it. */

static size_t long_bracket(const char *s, size_t len, size_t i) {
    /* At '[': the level of a long bracket `[==[`, or (size_t)-1 when it is not one. */
    size_t j = i + 1, level = 0;
    while (j < len && s[j] == '=') { level++; j++; }
    return j < len && s[j] == '[' ? level : (size_t)-1;
}

static size_t skip_long(const char *s, size_t len, size_t i, size_t level) {
    /* From the opening bracket at i to just past its closing `]==]`. */
    size_t j = i + level + 2;
    for (; j < len; j++) {
        if (s[j] != ']') continue;
        size_t k = j + 1, l = 0;
        while (k < len && s[k] == '=') { l++; k++; }
        if (l == level && k < len && s[k] == ']') return k + 1;
    }
    return len;
}

static int ident_char(char ch) { return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); }

int spark_refuse_tbc(spark_lua *c, const char *s, size_t len, const char *chunkname) {
    int line = 1;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '\n') { line++; continue; }
        if (ch == '-' && i + 1 < len && s[i + 1] == '-') {
            size_t lv;
            if (i + 2 < len && s[i + 2] == '[' && (lv = long_bracket(s, len, i + 2)) != (size_t)-1) {
                size_t end = skip_long(s, len, i + 2, lv);
                for (size_t k = i; k < end; k++) if (s[k] == '\n') line++;
                i = end - 1;
            } else {
                while (i < len && s[i] != '\n') i++;
                i--;
            }
            continue;
        }
        if (ch == '[') {
            size_t lv = long_bracket(s, len, i);
            if (lv != (size_t)-1) {
                size_t end = skip_long(s, len, i, lv);
                for (size_t k = i; k < end; k++) if (s[k] == '\n') line++;
                i = end - 1;
            }
            continue;
        }
        if (ch == '"' || ch == '\'') {
            for (i++; i < len && s[i] != ch; i++) {
                if (s[i] == '\\' && i + 1 < len) { i++; if (s[i] == '\n') line++; }
                else if (s[i] == '\n') { line++; break; }
            }
            continue;
        }
        if (ch == '<') {
            size_t j = i + 1;
            while (j < len && (s[j] == ' ' || s[j] == '\t')) j++;
            if (j + 5 <= len && memcmp(s + j, "close", 5) == 0 && (j + 5 == len || !ident_char(s[j + 5]))) {
                size_t k = j + 5;
                while (k < len && (s[k] == ' ' || s[k] == '\t')) k++;
                if (k < len && s[k] == '>') {
                    char msg[260];
                    const char *name = chunkname[0] == '@' || chunkname[0] == '=' ? chunkname + 1 : chunkname;
                    int n = snprintf(msg, sizeof msg, "%.80s:%d: to-be-closed variables (<close>) are refused by the Spark "
                                     "sandbox (their __close handlers could run outside the time budget); close resources "
                                     "explicitly", name, line);
                    spark_set_error(c, SPARK_KIND_SANDBOX, msg, n < 0 ? 0 : (size_t)n);
                    return 1;
                }
            }
        }
    }
    return 0;
}

static void open_lib(lua_State *L, const char *name, lua_CFunction open) {
    luaL_requiref(L, name, open, 1);
    lua_pop(L, 1);
}

int spark_setup_sandbox(lua_State *L, spark_lua *c, void *ud) {
    (void)ud;
    /* The libraries land in the original globals table, which no script ever sees. */
    open_lib(L, LUA_GNAME, luaopen_base);
    open_lib(L, LUA_STRLIBNAME, luaopen_string);
    open_lib(L, LUA_TABLIBNAME, luaopen_table);
    open_lib(L, LUA_MATHLIBNAME, luaopen_math);
    open_lib(L, LUA_UTF8LIBNAME, luaopen_utf8);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    int G = lua_gettop(L);

    /* Seed math.random from the run. */
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, (lua_Integer)c->limits.seed);
    lua_call(L, 1, 0);
    lua_pop(L, 1);

    lua_newtable(L);
    int env = lua_gettop(L);
    static const char *const base[] = {
        "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen", "rawset",
        "select", "tonumber", "tostring", "type", "getmetatable", "_VERSION", NULL,
    };
    for (int i = 0; base[i]; i++) {
        lua_getfield(L, G, base[i]);
        lua_setfield(L, env, base[i]);
    }
    lua_getfield(L, G, "setmetatable");
    lua_pushcclosure(L, sb_setmetatable, 1);
    lua_setfield(L, env, "setmetatable");
    lua_pushcfunction(L, sb_xpcall);
    lua_setfield(L, env, "xpcall");
    lua_pushcfunction(L, sb_print);
    lua_setfield(L, env, "print");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");

    /* string: a copy with the C loops capped; the string metatable points at this copy. */
    lua_getfield(L, G, LUA_STRLIBNAME);
    copy_table(L, -1);
    lua_remove(L, -2);
    wrap(L, "rep", sb_rep, -1);
    wrap(L, "find", sb_pattern, 0);
    wrap(L, "match", sb_pattern, 1);
    wrap(L, "gmatch", sb_pattern, 2);
    wrap(L, "gsub", sb_pattern, 3);
    wrap_named(L, "upper", "string.upper", sb_linear, 0, 0, 0);
    wrap_named(L, "lower", "string.lower", sb_linear, 0, 0, 0);
    wrap_named(L, "reverse", "string.reverse", sb_linear, 0, 0, 0);
    wrap_named(L, "byte", "string.byte", sb_range, 2, 2, 0);
    lua_pushcfunction(L, refuse_dump);
    lua_setfield(L, -2, "dump");
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    lua_setfield(L, env, LUA_STRLIBNAME);

    lua_getfield(L, G, LUA_TABLIBNAME);
    copy_table(L, -1);
    lua_remove(L, -2);
    wrap(L, "move", sb_move, -1);
    wrap_named(L, "unpack", "table.unpack", sb_range, 2, 2, 1);
    wrap_named(L, "concat", "table.concat", sb_range, 2, 3, 1);
    if (luaL_loadbufferx(L, table_lua, sizeof table_lua - 1, "=spark-table", "t") != LUA_OK) return lua_error(L);
    lua_getfield(L, G, "type");
    lua_getfield(L, G, "error");
    lua_getfield(L, G, "select");
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "tointeger");
    lua_remove(L, -2);
    lua_call(L, 4, 3);
    lua_setfield(L, -4, "sort");
    lua_setfield(L, -3, "remove");
    lua_setfield(L, -2, "insert");
    lua_setfield(L, env, LUA_TABLIBNAME);

    lua_getfield(L, G, LUA_MATHLIBNAME);
    copy_table(L, -1);
    lua_remove(L, -2);
    wrap(L, "randomseed", sb_randomseed, -1);
    lua_setfield(L, env, LUA_MATHLIBNAME);

    lua_getfield(L, G, LUA_UTF8LIBNAME);
    copy_table(L, -1);
    lua_remove(L, -2);
    wrap_named(L, "len", "utf8.len", sb_linear, 0, 0, 0);
    wrap_named(L, "offset", "utf8.offset", sb_linear, 0, 0, 0);
    wrap_named(L, "codepoint", "utf8.codepoint", sb_range, 2, 2, 0);
    lua_setfield(L, env, LUA_UTF8LIBNAME);

    /* Missing globals read as nil, refused ones raise; the metatable itself is locked. */
    lua_newtable(L);
    lua_pushcfunction(L, env_index);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);

    /* Chunks take their _ENV from here, so every chunk and every lua_getglobal sees the sandbox. */
    lua_pushvalue(L, env);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    for (int i = 0; i < SPARK_MAX_CLASSES; i++) c->class_ref[i] = LUA_NOREF;
    return 0;
}
