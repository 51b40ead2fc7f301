/* Streaming indicators, computed on the host in C: a strategy's `ind:update(x)` and
 * `ta.crossover(a, b)` never leave C, which is what keeps the per-bar path short. The state lives
 * in the indicator's userdata (so the strategy's memory limit counts it); Swift reaches the same
 * code through spark_ind_* for its own tests and tools. */
#include "spark_internal.h"
#include <math.h>
#include <string.h>

struct spark_ind {
    uint32_t magic; /* SPARK_IND_MAGIC: how the methods tell an indicator from a host handle */
    int32_t kind, period;
    double k;
    double value, previous, upper, lower;
    double sum, comp, last, gain, loss;
    int64_t seen, changes;
    int32_t start, count, head, tail, cap;
    int32_t pad;
    double buf[]; /* ring of `period` values; Extreme: period+1 values then period+1 indices */
};

static const char *const IND_META = "spark.indicator";
#define MAX_INDICATORS 10000

size_t spark_ind_size(int32_t kind, int32_t period) {
    size_t n = (size_t)period + 1;
    return sizeof(spark_ind) + (kind == SPARK_IND_HIGHEST || kind == SPARK_IND_LOWEST ? 2 * n : n) * sizeof(double);
}

void spark_ind_init(spark_ind *s, int32_t kind, int32_t period, double k) {
    memset(s, 0, spark_ind_size(kind, period));
    s->magic = SPARK_IND_MAGIC;
    s->kind = kind;
    s->period = period;
    s->k = k;
    s->value = s->previous = s->upper = s->lower = NAN;
    s->last = NAN;
    s->cap = (kind == SPARK_IND_HIGHEST || kind == SPARK_IND_LOWEST) ? period + 1 : period;
}

/* Appends x to the ring; returns 1 and the value it pushed out once the ring is full. */
static int ring_push(spark_ind *s, double x, double *evicted) {
    if (s->count < s->cap) {
        s->buf[(s->start + s->count) % s->cap] = x;
        s->count++;
        return 0;
    }
    *evicted = s->buf[s->start];
    s->buf[s->start] = x;
    s->start = (s->start + 1) % s->cap;
    return 1;
}

/* Kahan-compensated running sum. */
static void kahan_add(spark_ind *s, double x) {
    double y = x - s->comp;
    double t = s->sum + y;
    s->comp = (t - s->sum) - y;
    s->sum = t;
}

static double sma_next(spark_ind *s, double x) {
    double evicted;
    if (ring_push(s, x, &evicted)) kahan_add(s, -evicted);
    kahan_add(s, x);
    return s->count == s->cap ? s->sum / (double)s->period : NAN;
}

static double next_value(spark_ind *s, double high, double low, double close) {
    double n = (double)s->period;
    switch (s->kind) {
    case SPARK_IND_SMA:
        return sma_next(s, close);
    case SPARK_IND_EMA:
        if (isnan(s->value)) return sma_next(s, close); /* seeded with the SMA of the first `period` values */
        return s->value + (2.0 / (n + 1.0)) * (close - s->value);
    case SPARK_IND_RSI: {
        double last = s->last;
        s->last = close;
        if (isnan(last)) return NAN;
        double change = close - last;
        double up = change > 0 ? change : 0, down = -change > 0 ? -change : 0;
        s->changes++;
        if (s->changes <= s->period) {
            s->gain += up / n;
            s->loss += down / n;
            if (s->changes < s->period) return NAN;
        } else {
            s->gain = (s->gain * (n - 1) + up) / n;
            s->loss = (s->loss * (n - 1) + down) / n;
        }
        if (s->loss == 0) return s->gain == 0 ? 50 : 100;
        return 100 - 100 / (1 + s->gain / s->loss);
    }
    case SPARK_IND_ATR: {
        double last = s->last;
        s->last = close;
        double range = isnan(last) ? high - low : fmax(high, last) - fmin(low, last);
        s->seen++;
        if (s->seen < s->period) { s->sum += range; return NAN; }
        if (s->seen == s->period) return (s->sum + range) / n;
        return (s->value * (n - 1) + range) / n;
    }
    case SPARK_IND_BBANDS: {
        double evicted;
        (void)ring_push(s, close, &evicted);
        if (s->count < s->cap) return NAN;
        /* Two passes over the window in storage order: exact enough, and no drift from running sums of squares. */
        double mean = 0;
        for (int32_t i = 0; i < s->cap; i++) mean += s->buf[i];
        mean /= n;
        double squares = 0;
        for (int32_t i = 0; i < s->cap; i++) squares += (s->buf[i] - mean) * (s->buf[i] - mean);
        double deviation = sqrt(squares / n);
        s->upper = mean + s->k * deviation;
        s->lower = mean - s->k * deviation;
        return mean;
    }
    default: { /* highest / lowest: a monotonic queue, O(1) amortised */
        int highest = s->kind == SPARK_IND_HIGHEST;
        double x = highest ? high : low;
        double *values = s->buf;
        double *indices = s->buf + s->cap;
        int32_t cap = s->cap;
        while (s->head != s->tail) {
            int32_t back = (s->tail - 1 + cap) % cap;
            if (highest ? values[back] <= x : values[back] >= x) s->tail = back;
            else break;
        }
        values[s->tail] = x;
        indices[s->tail] = (double)s->seen;
        s->tail = (s->tail + 1) % cap;
        if (indices[s->head] <= (double)(s->seen - s->period)) s->head = (s->head + 1) % cap;
        s->seen++;
        return s->seen >= s->period ? values[s->head] : NAN;
    }
    }
}

double spark_ind_update(spark_ind *s, double high, double low, double close) {
    s->previous = s->value;
    s->value = next_value(s, high, low, close);
    return s->value;
}

void spark_ind_outputs(const spark_ind *s, double *value, double *previous, double *upper, double *lower) {
    *value = s->value;
    *previous = s->previous;
    *upper = s->upper;
    *lower = s->lower;
}

int32_t spark_ind_crossover(const spark_ind *a, const spark_ind *b) {
    return a->previous < b->previous && a->value > b->value;
}

/* ---------- the Lua face: ctx.ta.* and indicator methods ---------- */

static void push_maybe(lua_State *L, double x) {
    if (isnan(x)) lua_pushnil(L);
    else lua_pushnumber(L, x);
}

/* The indicator at idx, or NULL. Scripts cannot make full userdata (no debug, no newproxy), so every
 * one is either an indicator or a host handle, and a handle's first word is its class, which is never
 * SPARK_IND_MAGIC (push_handle refuses it). Two C API calls instead of the five a metatable
 * comparison costs: these checks run for every method call on every bar. */
static spark_ind *to_ind(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA) return NULL;
    spark_ind *s = (spark_ind *)lua_touserdata(L, idx);
    return s->magic == SPARK_IND_MAGIC ? s : NULL;
}

static spark_ind *check_ind(lua_State *L, int idx, const char *what) {
    spark_ind *s = to_ind(L, idx);
    if (!s)
        luaL_error(L, "%s: expected an indicator as self (got %s); call it with a colon: ind:%s(...)", what,
                   luaL_typename(L, idx), what);
    return s;
}

/* Refuses a non-nil value at stack index `first` or later: `prefix name` takes `takes` arguments
 * (after self, for a method). Strict, like ctx: an extra argument is a mistake, not something to drop. */
static void check_no_more(lua_State *L, int first, int takes, const char *prefix, const char *name) {
    int top = lua_gettop(L);
    for (int i = first; i <= top; i++)
        if (!lua_isnil(L, i))
            luaL_error(L, "%s%s takes %d argument%s (got an extra %s)", prefix, name, takes, takes == 1 ? "" : "s",
                       luaL_typename(L, i));
}

/* Field `key` of the bar table at idx: present, a number (not a numeric string) and finite. */
static double bar_field(lua_State *L, int idx, const char *key) {
    int t = lua_getfield(L, idx, key);
    double x = lua_tonumber(L, -1);
    if (t != LUA_TNUMBER || !isfinite(x))
        luaL_error(L, "update: a bar table needs numeric high, low and close (field '%s' is %s)", key,
                   t == LUA_TNUMBER ? "not finite" : lua_typename(L, t));
    lua_pop(L, 1);
    return x;
}

static int ind_update(lua_State *L) {
    spark_ind *s = check_ind(L, 1, "update");
    check_no_more(L, 3, 1, "ind:", "update");
    int t = lua_type(L, 2);
    if (t == LUA_TNUMBER) {
        double x = lua_tonumberx(L, 2, NULL);
        if (!isfinite(x)) return luaL_error(L, "update: expected a finite number or a bar (got a number that is not finite)");
        push_maybe(L, spark_ind_update(s, x, x, x));
        return 1;
    }
    if (t == LUA_TTABLE) {
        double high = bar_field(L, 2, "high"), low = bar_field(L, 2, "low"), close = bar_field(L, 2, "close");
        push_maybe(L, spark_ind_update(s, high, low, close));
        return 1;
    }
    return luaL_error(L, "update: expected a finite number or a bar (got %s)", luaL_typename(L, 2));
}

static int ind_value(lua_State *L) { spark_ind *s = check_ind(L, 1, "value"); check_no_more(L, 2, 0, "ind:", "value"); push_maybe(L, s->value); return 1; }
static int ind_prev(lua_State *L) { spark_ind *s = check_ind(L, 1, "prev"); check_no_more(L, 2, 0, "ind:", "prev"); push_maybe(L, s->previous); return 1; }
static int ind_ready(lua_State *L) {
    spark_ind *s = check_ind(L, 1, "ready");
    check_no_more(L, 2, 0, "ind:", "ready");
    lua_pushboolean(L, !isnan(s->value));
    return 1;
}

static int ind_bands(lua_State *L) {
    spark_ind *s = check_ind(L, 1, "bands");
    check_no_more(L, 2, 0, "ind:", "bands");
    push_maybe(L, s->upper);
    push_maybe(L, s->value);
    push_maybe(L, s->lower);
    return 3;
}

static int ta_cross(lua_State *L, int over) {
    spark_ind *a = to_ind(L, 1);
    spark_ind *b = to_ind(L, 2);
    if (!a || !b)
        return luaL_error(L, "%s(a, b): expected two indicators (got %s and %s)", over ? "crossover" : "crossunder",
                          luaL_typename(L, 1), luaL_typename(L, 2));
    check_no_more(L, 3, 2, "ta.", over ? "crossover" : "crossunder");
    lua_pushboolean(L, over ? spark_ind_crossover(a, b) : spark_ind_crossover(b, a));
    return 1;
}

static int ta_crossover(lua_State *L) { return ta_cross(L, 1); }
static int ta_crossunder(lua_State *L) { return ta_cross(L, 0); }

static int ta_make(lua_State *L) {
    int32_t kind = (int32_t)lua_tointeger(L, lua_upvalueindex(1));
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    int ok = 0;
    /* Numbers only: lua_tointegerx alone would also take the string "10". */
    lua_Integer period = lua_type(L, 1) == LUA_TNUMBER ? lua_tointegerx(L, 1, &ok) : 0;
    if (!ok || period < 1 || period > 100000) {
        if (lua_type(L, 1) == LUA_TNUMBER)
            return luaL_error(L, "ta.%s(period): period must be an integer between 1 and 100000 (got %s)", name,
                              lua_tostring(L, 1));
        if (lua_type(L, 1) == LUA_TTABLE)
            return luaL_error(L, "ta.%s(period): period must be an integer between 1 and 100000 (got table); "
                                 "call it with a dot: ctx.ta.%s(n)", name, name);
        return luaL_error(L, "ta.%s(period): period must be an integer between 1 and 100000 (got %s)", name, luaL_typename(L, 1));
    }
    double k = 0;
    if (kind == SPARK_IND_BBANDS) {
        k = lua_isnoneornil(L, 2) ? 2.0 : lua_tonumber(L, 2);
        if (!lua_isnoneornil(L, 2) && (lua_type(L, 2) != LUA_TNUMBER || !isfinite(k) || k <= 0))
            return luaL_error(L, "ta.bbands(period, k): k must be a positive number (got %s)",
                              lua_type(L, 2) == LUA_TNUMBER ? lua_tostring(L, 2) : luaL_typename(L, 2));
        check_no_more(L, 3, 2, "ta.", "bbands");
    } else {
        check_no_more(L, 2, 1, "ta.", name);
    }
    spark_lua *c = spark_ctl(L);
    if (c->indicators >= MAX_INDICATORS)
        return luaL_error(L, "ta.%s: more than %d indicators; create them once, in on_start", name, MAX_INDICATORS);
    spark_ind *s = (spark_ind *)lua_newuserdatauv(L, spark_ind_size(kind, (int32_t)period), 0);
    spark_ind_init(s, kind, (int32_t)period, k);
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_setmetatable(L, -2);
    c->indicators++;
    return 1;
}

static int install_ta_body(lua_State *L, spark_lua *c, void *ud) {
    (void)c;
    int32_t tref = *(int32_t *)ud;
    /* One metatable per state, kept in the registry and as an upvalue of the makers, which set it. */
    if (luaL_newmetatable(L, IND_META)) {
        static const luaL_Reg methods[] = {
            { "update", ind_update }, { "value", ind_value }, { "prev", ind_prev }, { "ready", ind_ready }, { "bands", ind_bands },
            { NULL, NULL },
        };
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_setfield(L, -2, "__index");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
    }
    int meta = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, tref);
    if (lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "installIndicators: the target is not a table");
    static const struct { const char *name; int32_t kind; } makers[] = {
        { "sma", SPARK_IND_SMA }, { "ema", SPARK_IND_EMA }, { "rsi", SPARK_IND_RSI }, { "atr", SPARK_IND_ATR },
        { "bbands", SPARK_IND_BBANDS }, { "highest", SPARK_IND_HIGHEST }, { "lowest", SPARK_IND_LOWEST },
    };
    for (size_t i = 0; i < sizeof makers / sizeof makers[0]; i++) {
        lua_pushinteger(L, makers[i].kind);
        lua_pushstring(L, makers[i].name);
        lua_pushvalue(L, meta);
        lua_pushcclosure(L, ta_make, 3);
        lua_setfield(L, -2, makers[i].name);
    }
    lua_pushcfunction(L, ta_crossover);
    lua_setfield(L, -2, "crossover");
    lua_pushcfunction(L, ta_crossunder);
    lua_setfield(L, -2, "crossunder");
    return 0;
}

int32_t spark_install_indicators(spark_lua *c, int32_t table_ref) {
    return spark_protected(c, install_ta_body, &table_ref);
}
