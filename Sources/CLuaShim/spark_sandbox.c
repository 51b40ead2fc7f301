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
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (c->print) c->print(c->host, s, len);
    return 0;
}

/* ---------- string wrappers ---------- */

static int sb_rep(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    size_t l, lsep = 0;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0) {
        double total = (double)l * (double)n + (double)lsep * (double)(n - 1);
        if (total > (double)c->limits.max_string_bytes)
            return spark_raise_marked(L, SPARK_KIND_SANDBOX,
                "string.rep: the result would be %I bytes, over the sandbox limit of %I bytes",
                (lua_Integer)(total > 9e18 ? 9e18 : total), (lua_Integer)c->limits.max_string_bytes);
    }
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
            else i++;
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

/* The matcher is C: no hook sees it, so refuse patterns whose worst case is out of reach. */
static int sb_pattern(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    int which = (int)lua_tointeger(L, lua_upvalueindex(2));
    static const char *const names[] = { "find", "match", "gmatch", "gsub" };
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int plain = which == 0 && lua_toboolean(L, 4);
    if (!plain) {
        int special;
        int k = pattern_items(p, lp, &special);
        double cost = pow((double)ls + 1.0, (double)(k + 1));
        if (special && cost > c->limits.pattern_cost_limit) {
            char steps[32], limit[32];
            snprintf(steps, sizeof steps, "%.3g", cost);
            snprintf(limit, sizeof limit, "%.3g", c->limits.pattern_cost_limit);
            return spark_raise_marked(L, SPARK_KIND_SANDBOX,
                "string.%s: a pattern with %d repetition item(s) on a %d-byte string could take ~%s steps, over the "
                "sandbox limit of %s (use fewer of * + - ? %%b, anchor the pattern, or shorten the subject)",
                names[which], k, (int)ls, steps, limit);
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
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
    lua_setfield(L, env, LUA_TABLIBNAME);

    lua_getfield(L, G, LUA_MATHLIBNAME);
    copy_table(L, -1);
    lua_remove(L, -2);
    wrap(L, "randomseed", sb_randomseed, -1);
    lua_setfield(L, env, LUA_MATHLIBNAME);

    lua_getfield(L, G, LUA_UTF8LIBNAME);
    copy_table(L, -1);
    lua_remove(L, -2);
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
