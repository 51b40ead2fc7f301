/* Calls between Lua and the host: host functions, handles, records, value programs, and the
 * protected entry points Swift uses. */
#include "spark_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- host functions ---------- */

static int is_handle(lua_State *L, int idx) {
    /* Scripts cannot make full userdata (no debug, no newproxy): every one is a host handle. */
    return lua_type(L, idx) == LUA_TUSERDATA && lua_rawlen(L, idx) == sizeof(spark_handle);
}

static void fill_scalar(lua_State *L, int idx, int t, spark_value *v) {
    v->flat = 0;
    v->reason = 0;
    switch (t) {
    case LUA_TNIL: v->type = SPARK_T_NIL; break;
    case LUA_TBOOLEAN: v->type = SPARK_T_BOOL; v->aux = lua_toboolean(L, idx); break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) { v->type = SPARK_T_INT; v->i = lua_tointeger(L, idx); v->d = (double)v->i; }
        else { v->type = SPARK_T_NUM; v->d = lua_tonumber(L, idx); }
        break;
    case LUA_TSTRING: v->type = SPARK_T_STR; v->s = lua_tolstring(L, idx, &v->len); break;
    case LUA_TUSERDATA:
        if (is_handle(L, idx)) {
            const spark_handle *h = (const spark_handle *)lua_touserdata(L, idx);
            v->type = SPARK_T_HANDLE; v->aux = h->cls; v->i = h->id;
        } else { v->type = SPARK_T_OTHER; v->aux = 0; }
        break;
    default: v->type = SPARK_T_OTHER; v->aux = t == LUA_TFUNCTION; break;
    }
}

/* Collects the string-keyed scalar fields of the table argument at idx (never raises). A table
 * that does not fit is marked; C raises only if Swift then asks for its fields. */
static void flatten(lua_State *L, spark_args *a, int idx, spark_value *v) {
    v->type = SPARK_T_TABLE;
    v->aux = a->nfields;
    v->i = 0;
    v->flat = 1;
    v->reason = 0;
    v->s = NULL;
    v->len = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) { v->flat = 0; v->reason = 2; lua_pop(L, 2); break; }
        int t = lua_type(L, -1);
        int scalar = t == LUA_TBOOLEAN || t == LUA_TNUMBER || t == LUA_TSTRING || (t == LUA_TUSERDATA && is_handle(L, -1));
        if (!scalar) {
            v->flat = 0; v->reason = 1;
            v->s = lua_tolstring(L, -2, &v->len);
            lua_pop(L, 2);
            break;
        }
        if (v->i >= SPARK_MAX_TABLE_FIELDS || a->nfields >= SPARK_MAX_FIELDS) { v->flat = 0; v->reason = 3; lua_pop(L, 2); break; }
        spark_field *f = &a->f[a->nfields++];
        f->key = lua_tolstring(L, -2, &f->keylen);
        fill_scalar(L, lua_gettop(L), t, &f->value);
        v->i++;
        lua_pop(L, 1);
    }
}

static int raise_flat_error(lua_State *L, spark_args *a, int index) {
    const spark_value *v = &a->v[index];
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    const char *why = v->reason == 2 ? "it has a key that is not a string"
                    : v->reason == 3 ? "it has too many fields" : "a field holds a table or function";
    if (v->reason == 1 && v->s)
        return luaL_error(L, "bad argument #%d to '%s' (expected a flat table of at most %d string-keyed numbers, strings or "
                             "booleans; field '%s' holds a table or function)", index + 1, name ? name : "?",
                          SPARK_MAX_TABLE_FIELDS, v->s);
    return luaL_error(L, "bad argument #%d to '%s' (expected a flat table of at most %d string-keyed numbers, strings or "
                         "booleans; %s)", index + 1, name ? name : "?", SPARK_MAX_TABLE_FIELDS, why);
}

static void push_handle(lua_State *L, spark_lua *c, int32_t cls, int64_t id) {
    if ((uint32_t)cls == SPARK_IND_MAGIC) luaL_error(L, "handle class %d is reserved", cls);
    spark_handle *h = (spark_handle *)lua_newuserdatauv(L, sizeof *h, 0);
    h->cls = cls;
    h->pad = 0;
    h->id = id;
    if (cls >= 0 && cls < SPARK_MAX_CLASSES && c->class_ref[cls] != LUA_NOREF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, c->class_ref[cls]);
        lua_setmetatable(L, -2);
    }
}

/* Raises a host function's error at the line that called it: level 1, or, when that caller is
 * host-provided Lua (a chunk named "=…", such as the prelude behind ctx:position), the first frame
 * past it, so the message names the strategy's line rather than the prelude's. */
static int raise_host_error(lua_State *L, const char *msg) {
    lua_Debug ar;
    int level = 1;
    for (int l = 1; lua_getstack(L, l, &ar); l++) {
        lua_getinfo(L, "S", &ar);
        if (ar.source[0] != '=' || strcmp(ar.what, "C") == 0) { level = l; break; }
    }
    luaL_where(L, level);
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    spark_mark(spark_ctl(L), SPARK_KIND_HOST, s, len);
    return lua_error(L);
}

/* The C function behind every host function and handle method. Upvalues: id, name, and for a method
 * (spark_set_host_method) the table it belongs to. */
int spark_host_fn(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    int n = lua_gettop(L);
    if (n > SPARK_MAX_ARGS)
        return luaL_error(L, "'%s' takes at most %d arguments (got %d)", lua_tostring(L, lua_upvalueindex(2)), SPARK_MAX_ARGS, n);
    int32_t id = (int32_t)lua_tointeger(L, lua_upvalueindex(1));
    spark_args *a = &c->args;
    a->count = n;
    a->nfields = 0;
    a->flat_error_arg = 0;
    /* A method (spark_set_host_method) holds its table as upvalue 3; a plain function has no upvalue 3
     * (reads as none). Its own receiver is not flattened: the host never reads its fields, and walking
     * them on every call would cost time and field slots. */
    a->own_receiver = lua_type(L, lua_upvalueindex(3)) != LUA_TTABLE ? -1 : n >= 1 && lua_rawequal(L, 1, lua_upvalueindex(3));
    for (int i = 0; i < n; i++) {
        int t = lua_type(L, i + 1);
        if (i == 0 && a->own_receiver == 1) {
            memset(&a->v[0], 0, sizeof a->v[0]);
            a->v[0].type = SPARK_T_TABLE;
        } else if (t == LUA_TTABLE) flatten(L, a, i + 1, &a->v[i]);
        else fill_scalar(L, i + 1, t, &a->v[i]);
    }
    spark_results *r = &c->results;
    r->count = 0;
    r->overflow = 0;
    r->used = 0;
    r->has_error = 0;
    r->oom = 0;
    /* Swift runs here; it cannot raise, and nothing below it may longjmp until it returns. */
    c->in_host = 1;
    int32_t st = c->dispatch ? c->dispatch(c->host, id, a, r) : 1;
    c->in_host = 0;
    if (a->flat_error_arg) return raise_flat_error(L, a, a->flat_error_arg - 1);
    if (st != 0 || r->has_error) {
        if (r->has_error)
            return raise_host_error(L, r->buf + r->err_off);
        return spark_raise_marked(L, SPARK_KIND_HOST, "'%s' failed (no host is attached to this Lua state)",
                                  lua_tostring(L, lua_upvalueindex(2)));
    }
    if (r->oom) return luaL_error(L, "'%s': out of memory for its results", lua_tostring(L, lua_upvalueindex(2)));
    if (r->overflow) return luaL_error(L, "'%s' returned more than %d results", lua_tostring(L, lua_upvalueindex(2)), SPARK_MAX_RESULTS);
    for (int i = 0; i < r->count; i++) {
        const spark_value *v = &r->v[i];
        switch (v->type) {
        case SPARK_T_BOOL: lua_pushboolean(L, v->aux); break;
        case SPARK_T_INT: lua_pushinteger(L, (lua_Integer)v->i); break;
        case SPARK_T_NUM: lua_pushnumber(L, v->d); break;
        case SPARK_T_STR: lua_pushlstring(L, r->buf + v->i, v->len); break;
        case SPARK_T_HANDLE: push_handle(L, c, v->aux, v->i); break;
        default: lua_pushnil(L); break;
        }
    }
    return r->count;
}

static int32_t results_append(spark_results *r, const char *bytes, size_t len, size_t *off) {
    if (r->used + len + 1 > r->cap) {
        size_t ncap = r->cap * 2;
        while (ncap < r->used + len + 1) ncap *= 2;
        char *nb = (char *)realloc(r->buf, ncap);
        if (!nb) { r->oom = 1; return 0; }
        r->buf = nb;
        r->cap = ncap;
    }
    *off = r->used;
    if (len) memcpy(r->buf + r->used, bytes, len);
    r->buf[r->used + len] = 0;
    r->used += len + 1;
    return 1;
}

int32_t spark_results_string(spark_results *r, const char *bytes, size_t len) {
    if (r->count >= SPARK_MAX_RESULTS) { r->overflow = 1; return 0; }
    size_t off;
    if (!results_append(r, bytes, len, &off)) return 0;
    spark_value *v = &r->v[r->count++];
    v->type = SPARK_T_STR;
    v->i = (int64_t)off;
    v->len = len;
    return 1;
}

int32_t spark_results_error(spark_results *r, const char *bytes, size_t len) {
    size_t off;
    if (!results_append(r, bytes, len, &off)) { r->has_error = 1; r->err_off = 0; if (r->cap) r->buf[0] = 0; return 0; }
    r->has_error = 1;
    r->err_off = off;
    r->err_len = len;
    return 1;
}

/* ---------- value programs ---------- */

int spark_run_program(lua_State *L, const spark_program *p) {
    for (int32_t i = 0; i < p->count; i++) {
        const spark_op *op = &p->ops[i];
        switch (op->op) {
        case SPARK_OP_NIL: luaL_checkstack(L, 2, "value too deep"); lua_pushnil(L); break;
        case SPARK_OP_BOOL: luaL_checkstack(L, 2, "value too deep"); lua_pushboolean(L, op->a); break;
        case SPARK_OP_INT: luaL_checkstack(L, 2, "value too deep"); lua_pushinteger(L, (lua_Integer)op->i); break;
        case SPARK_OP_NUM: luaL_checkstack(L, 2, "value too deep"); lua_pushnumber(L, op->d); break;
        case SPARK_OP_STR: luaL_checkstack(L, 2, "value too deep"); lua_pushlstring(L, p->pool + op->off, op->len); break;
        case SPARK_OP_TABLE: luaL_checkstack(L, 3, "value too deep"); lua_createtable(L, op->a, op->b); break;
        case SPARK_OP_SETFIELD:
            lua_pushlstring(L, p->pool + op->off, op->len);
            lua_insert(L, -2);
            lua_rawset(L, -3);
            break;
        case SPARK_OP_SETINDEX: lua_rawseti(L, -2, (lua_Integer)op->i); break;
        default: return luaL_error(L, "bad value program");
        }
    }
    return 0;
}

/* ---------- entry points ---------- */


static int push_record(lua_State *L, spark_lua *c, const spark_arg *a) {
    if (a->record < 0 || a->record >= c->nrecords) return luaL_error(L, "unknown record");
    const spark_record *rec = &c->records[a->record];
    lua_rawgeti(L, LUA_REGISTRYINDEX, rec->table_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, rec->keys_ref);
    int n = a->count < rec->count ? a->count : rec->count;
    for (int i = 0; i < n; i++) {
        lua_rawgeti(L, -1, i + 1);
        double d = a->values[i];
        if ((rec->integer_mask >> i) & 1 && d >= -9.2e18 && d <= 9.2e18) lua_pushinteger(L, (lua_Integer)d);
        else lua_pushnumber(L, d);
        lua_rawset(L, -4);
    }
    lua_pop(L, 1);
    return 0;
}

static void push_simple(lua_State *L, const spark_arg *a) {
    switch (a->kind) {
    case SPARK_ARG_REF: lua_rawgeti(L, LUA_REGISTRYINDEX, a->ref); break;
    case SPARK_ARG_NUM: lua_pushnumber(L, a->d); break;
    case SPARK_ARG_INT: lua_pushinteger(L, (lua_Integer)a->i); break;
    case SPARK_ARG_BOOL: lua_pushboolean(L, a->i != 0); break;
    default: lua_pushnil(L); break;
    }
}

/* Runs inside the pcall: writes the records (may allocate, so protected) and calls the function. */
static int call_tramp(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, c->call_fnref);
    for (int i = 0; i < c->call_nargs; i++) {
        const spark_arg *a = &c->call_args[i];
        if (a->kind == SPARK_ARG_RECORD) push_record(L, c, a);
        else push_simple(L, a);
    }
    lua_call(L, c->call_nargs, 0);
    return 0;
}

int32_t spark_call(spark_lua *c, int32_t fnref, int32_t nargs, const spark_arg *args) {
    int32_t st = spark_begin(c, 0);
    if (st) return st;
    lua_State *L = c->L;
    int base = lua_gettop(L);
    lua_pushcfunction(L, spark_msgh);
    int records = 0;
    for (int i = 0; i < nargs; i++) records |= args[i].kind == SPARK_ARG_RECORD;
    if (!records && nargs <= 8) {
        /* rawgeti and number pushes cannot raise (the stack has LUA_MINSTACK free slots). */
        lua_rawgeti(L, LUA_REGISTRYINDEX, fnref);
        for (int i = 0; i < nargs; i++) push_simple(L, &args[i]);
        st = lua_pcall(L, nargs, 0, base + 1);
    } else {
        c->call_fnref = fnref;
        c->call_nargs = nargs;
        c->call_args = args;
        lua_pushcfunction(L, call_tramp);
        st = lua_pcall(L, 0, 0, base + 1);
    }
    if (st) spark_capture_error(c, st);
    lua_settop(L, base);
    return spark_finish(c, st);
}

typedef struct call_values_ud { int32_t fnref; const spark_program *args; int32_t nresults; int32_t *outrefs; } call_values_ud;

static int call_values_body(lua_State *L, spark_lua *c, void *ud) {
    (void)c;
    call_values_ud *u = (call_values_ud *)ud;
    lua_rawgeti(L, LUA_REGISTRYINDEX, u->fnref);
    spark_run_program(L, u->args);
    lua_call(L, u->args->values, u->nresults);
    for (int i = u->nresults - 1; i >= 0; i--) u->outrefs[i] = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int32_t spark_call_values(spark_lua *c, int32_t fnref, const spark_program *args, int32_t nresults, int32_t *outrefs) {
    for (int i = 0; i < nresults; i++) outrefs[i] = LUA_REFNIL;
    call_values_ud u = { fnref, args, nresults, outrefs };
    return spark_protected(c, call_values_body, &u);
}

typedef struct ref_ud { const spark_program *value; int32_t *outref; } ref_ud;

static int make_ref_body(lua_State *L, spark_lua *c, void *ud) {
    (void)c;
    ref_ud *u = (ref_ud *)ud;
    spark_run_program(L, u->value);
    *u->outref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int32_t spark_make_ref(spark_lua *c, const spark_program *value, int32_t *outref) {
    *outref = LUA_NOREF;
    ref_ud u = { value, outref };
    return spark_protected(c, make_ref_body, &u);
}

typedef struct field_ud { int32_t tref; const char *key; size_t keylen; const spark_program *value; int32_t id; int32_t want; int32_t *outref; } field_ud;

static void push_target(lua_State *L, int32_t tref) {
    if (tref < 0) lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    else lua_rawgeti(L, LUA_REGISTRYINDEX, tref);
}

static int set_field_body(lua_State *L, spark_lua *c, void *ud) {
    (void)c;
    field_ud *u = (field_ud *)ud;
    push_target(L, u->tref);
    if (lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "setField: the target is not a table");
    lua_pushlstring(L, u->key, u->keylen);
    spark_run_program(L, u->value);
    lua_rawset(L, -3);
    return 0;
}

int32_t spark_set_field(spark_lua *c, int32_t tref, const char *key, size_t keylen, const spark_program *value) {
    field_ud u = { tref, key, keylen, value, 0, 0, NULL };
    return spark_protected(c, set_field_body, &u);
}

int32_t spark_set_global(spark_lua *c, const char *key, size_t keylen, const spark_program *value) {
    field_ud u = { -1, key, keylen, value, 0, 0, NULL };
    return spark_protected(c, set_field_body, &u);
}

/* want = 1 makes a method: the closure also holds the target table (upvalue 3), see spark_host_fn. */
static int set_host_fn_body(lua_State *L, spark_lua *c, void *ud) {
    (void)c;
    field_ud *u = (field_ud *)ud;
    push_target(L, u->tref);
    if (lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "setHostFunction: the target is not a table");
    lua_pushlstring(L, u->key, u->keylen);
    lua_pushinteger(L, u->id);
    lua_pushvalue(L, -2);
    if (u->want) lua_pushvalue(L, -4);
    lua_pushcclosure(L, spark_host_fn, u->want ? 3 : 2);
    lua_rawset(L, -3);
    return 0;
}

int32_t spark_set_host_function(spark_lua *c, int32_t tref, const char *key, size_t keylen, int32_t id) {
    field_ud u = { tref, key, keylen, NULL, id, 0, NULL };
    return spark_protected(c, set_host_fn_body, &u);
}

int32_t spark_set_host_method(spark_lua *c, int32_t tref, const char *key, size_t keylen, int32_t id) {
    field_ud u = { tref, key, keylen, NULL, id, 1, NULL };
    return spark_protected(c, set_host_fn_body, &u);
}

static int field_ref_body(lua_State *L, spark_lua *c, void *ud) {
    (void)c;
    field_ud *u = (field_ud *)ud;
    push_target(L, u->tref);
    if (lua_type(L, -1) != LUA_TTABLE) return luaL_error(L, "the target is not a table");
    lua_pushlstring(L, u->key, u->keylen);
    int t = lua_rawget(L, -2);
    if (u->want >= 0 && t != u->want) { *u->outref = LUA_NOREF; return 0; }
    *u->outref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int32_t spark_field_ref(spark_lua *c, int32_t tref, const char *key, size_t keylen, int32_t want, int32_t *outref) {
    *outref = LUA_NOREF;
    field_ud u = { tref, key, keylen, NULL, 0, want, outref };
    return spark_protected(c, field_ref_body, &u);
}

typedef struct class_ud { int32_t cls; int32_t count; const char *const *names; const int32_t *ids; } class_ud;

static int register_class_body(lua_State *L, spark_lua *c, void *ud) {
    class_ud *u = (class_ud *)ud;
    lua_createtable(L, 0, 3);               /* metatable */
    lua_createtable(L, 0, u->count);        /* methods */
    for (int i = 0; i < u->count; i++) {
        lua_pushstring(L, u->names[i]);
        lua_pushinteger(L, u->ids[i]);
        lua_pushvalue(L, -2);
        lua_pushcclosure(L, spark_host_fn, 2);
        lua_rawset(L, -3);
    }
    lua_setfield(L, -2, "__index");
    /* getmetatable(handle) gives this string; setmetatable never applies to userdata from Lua. */
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pushliteral(L, "handle");
    lua_setfield(L, -2, "__name");
    int ref = luaL_ref(L, LUA_REGISTRYINDEX);
    if (c->class_ref[u->cls] != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, c->class_ref[u->cls]);
    c->class_ref[u->cls] = ref;
    return 0;
}

int32_t spark_register_class(spark_lua *c, int32_t cls, int32_t count, const char *const *names, const int32_t *ids) {
    class_ud u = { cls, count, names, ids };
    return spark_protected(c, register_class_body, &u);
}

typedef struct record_ud { int32_t count; const char *const *keys; uint32_t mask; const char *skey; int32_t *outref; int32_t *outid; } record_ud;

static int make_record_body(lua_State *L, spark_lua *c, void *ud) {
    record_ud *u = (record_ud *)ud;
    if (c->nrecords == c->caprecords) {
        int32_t ncap = c->caprecords ? c->caprecords * 2 : 4;
        spark_record *nr = (spark_record *)realloc(c->records, (size_t)ncap * sizeof *nr);
        if (!nr) return luaL_error(L, "out of memory for records");
        c->records = nr;
        c->caprecords = ncap;
    }
    lua_createtable(L, 0, u->count + (u->skey ? 1 : 0));
    lua_createtable(L, u->count, 0);
    for (int i = 0; i < u->count; i++) {
        lua_pushstring(L, u->keys[i]);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, i + 1);
        if ((u->mask >> i) & 1) lua_pushinteger(L, 0); else lua_pushnumber(L, 0);
        lua_rawset(L, -4);
    }
    if (u->skey) {
        lua_pushstring(L, u->skey);
        lua_rawseti(L, -2, u->count + 1);
        lua_pushliteral(L, "");
        lua_setfield(L, -3, u->skey);
    }
    int keys = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, -1);
    int table = luaL_ref(L, LUA_REGISTRYINDEX);
    spark_record *r = &c->records[c->nrecords];
    r->table_ref = table;
    r->keys_ref = keys;
    r->count = u->count;
    r->integer_mask = u->mask;
    *u->outref = table;
    *u->outid = c->nrecords++;
    return 0;
}

int32_t spark_make_record(spark_lua *c, int32_t count, const char *const *keys, uint32_t integer_mask,
                          const char *string_key, int32_t *outref, int32_t *outid) {
    *outref = LUA_NOREF;
    *outid = -1;
    record_ud u = { count, keys, integer_mask, string_key, outref, outid };
    return spark_protected(c, make_record_body, &u);
}

typedef struct rstring_ud { int32_t record; const char *text; size_t len; } rstring_ud;

static int record_string_body(lua_State *L, spark_lua *c, void *ud) {
    rstring_ud *u = (rstring_ud *)ud;
    if (u->record < 0 || u->record >= c->nrecords) return luaL_error(L, "unknown record");
    const spark_record *r = &c->records[u->record];
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->table_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->keys_ref);
    if (lua_rawgeti(L, -1, r->count + 1) != LUA_TSTRING) return luaL_error(L, "this record has no string field");
    lua_pushlstring(L, u->text, u->len);
    lua_rawset(L, -4);
    return 0;
}

int32_t spark_record_string(spark_lua *c, int32_t record, const char *text, size_t len) {
    rstring_ud u = { record, text, len };
    return spark_protected(c, record_string_body, &u);
}

static int unref_body(lua_State *L, spark_lua *c, void *ud) {
    (void)c;
    luaL_unref(L, LUA_REGISTRYINDEX, *(int32_t *)ud);
    return 0;
}

int32_t spark_unref(spark_lua *c, int32_t ref) {
    if (ref < 0) return SPARK_OK;
    return spark_protected(c, unref_body, &ref);
}

/* ---------- reading a global as a tree ---------- */

typedef struct read_ud {
    const char *key; size_t keylen; int32_t maxdepth; spark_visit_fn visit; void *ctx;
    const void *open[64]; int depth;
} read_ud;

static void walk(lua_State *L, read_ud *u, const spark_value *key, int idx) {
    spark_value v;
    memset(&v, 0, sizeof v);
    int t = lua_type(L, idx);
    if (t != LUA_TTABLE) {
        fill_scalar(L, idx, t, &v);
        u->visit(u->ctx, SPARK_VISIT_VALUE, key, &v);
        return;
    }
    const void *p = lua_topointer(L, idx);
    int seen = 0;
    for (int i = 0; i < u->depth; i++) seen |= u->open[i] == p;
    if (seen || u->depth >= u->maxdepth || u->depth >= 64) {
        v.type = SPARK_T_OTHER;
        v.reason = seen ? 1 : 2;
        u->visit(u->ctx, SPARK_VISIT_VALUE, key, &v);
        return;
    }
    v.type = SPARK_T_TABLE;
    u->visit(u->ctx, SPARK_VISIT_BEGIN, key, &v);
    u->open[u->depth++] = p;
    luaL_checkstack(L, 3, "table too deep");
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        spark_value k;
        memset(&k, 0, sizeof k);
        int kt = lua_type(L, -2);
        if (kt == LUA_TSTRING || kt == LUA_TNUMBER || kt == LUA_TBOOLEAN) fill_scalar(L, lua_gettop(L) - 1, kt, &k);
        else k.type = SPARK_T_OTHER;
        walk(L, u, &k, lua_gettop(L));
        lua_pop(L, 1);
    }
    u->depth--;
    u->visit(u->ctx, SPARK_VISIT_END, key, &v);
}

static int read_global_body(lua_State *L, spark_lua *c, void *ud) {
    (void)c;
    read_ud *u = (read_ud *)ud;
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushlstring(L, u->key, u->keylen);
    lua_rawget(L, -2);
    spark_value none;
    memset(&none, 0, sizeof none);
    walk(L, u, &none, lua_gettop(L));
    return 0;
}

int32_t spark_read_global(spark_lua *c, const char *key, size_t keylen, int32_t maxdepth, spark_visit_fn visit, void *ctx) {
    read_ud u;
    memset(&u, 0, sizeof u);
    u.key = key; u.keylen = keylen; u.maxdepth = maxdepth; u.visit = visit; u.ctx = ctx;
    /* Reading runs no script code, so it stays allowed after a failure, for diagnostics. */
    return spark_protected_ex(c, read_global_body, &u, 1);
}

/* ---------- loading ---------- */

int32_t spark_load(spark_lua *c, const char *source, size_t len, const char *chunkname) {
    int32_t st = spark_begin(c, 0);
    if (st) return st;
    lua_State *L = c->L;
    int base = lua_gettop(L);
    if (len > 0 && source[0] == LUA_SIGNATURE[0]) {
        /* Plain C: no Lua allocation (which could raise) outside a protected frame. */
        char msg[160];
        const char *name = chunkname[0] == '@' || chunkname[0] == '=' ? chunkname + 1 : chunkname;
        int n = snprintf(msg, sizeof msg, "%.80s: binary chunks are refused by the Spark sandbox; load Lua source text", name);
        spark_set_error(c, SPARK_KIND_SANDBOX, msg, n < 0 ? 0 : (size_t)n);
        return spark_finish(c, SPARK_ERRSYNTAX);
    }
    /* The backstop names the script: the first file chunk (a "@path"), else whatever came first. */
    if (!c->label[0] || (chunkname[0] == '@' && c->label_is_prelude)) {
        c->label_is_prelude = chunkname[0] != '@';
        const char *name = chunkname[0] == '@' || chunkname[0] == '=' ? chunkname + 1 : chunkname;
        snprintf(c->label, sizeof c->label, "%s", name);
    }
    if (spark_refuse_tbc(c, source, len, chunkname)) return spark_finish(c, SPARK_ERRSYNTAX);
    lua_pushcfunction(L, spark_msgh);
    /* Never raises: parse errors (and memory errors while parsing) come back as a status. Mode "t"
     * refuses binary chunks a second time. */
    st = luaL_loadbufferx(L, source, len, chunkname, "t");
    if (st == LUA_OK) st = lua_pcall(L, 0, 0, base + 1);
    if (st) spark_capture_error(c, st);
    lua_settop(L, base);
    return spark_finish(c, st);
}
