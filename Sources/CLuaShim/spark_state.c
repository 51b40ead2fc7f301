/* State lifecycle, the capped allocator, budgets (hook) and the protected-call plumbing. */
#include "spark_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- memory ---------- */

static void record_trip_location(spark_lua *c) {
    /* Called on the Lua thread at the allocation that broke the cap; Lua saved the pc before any
     * allocating instruction, so the current line is exact. */
    lua_Debug ar;
    if (!c->running || c->trip_where[0]) return;
    for (int level = 0; level < 8; level++) {
        if (!lua_getstack(c->L, level, &ar)) break;
        if (lua_getinfo(c->L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(c->trip_where, sizeof c->trip_where, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
}

void spark_trip(spark_lua *c, int failure) {
    if (c->failure) return;
    if (failure == SPARK_FAIL_MEMORY) record_trip_location(c);
    c->failure = failure;
    /* From now on every instruction raises, so a pcall loop cannot swallow the failure. */
    if (c->L) lua_sethook(c->L, spark_hook, LUA_MASKCOUNT, 1);
}

void spark_memory_checkpoint(spark_lua *c) {
    /* A refusal that was not retried right away (no emergency-GC retry) was raised as an error. */
    if (c->pending) {
        c->pending = 0;
        spark_trip(c, SPARK_FAIL_MEMORY);
    }
}

static void *spark_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    spark_lua *c = (spark_lua *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        c->used -= old;
        return NULL;
    }
    if (nsize > old) {
        int same = c->pending && c->pend_ptr == ptr && c->pend_osize == osize && c->pend_nsize == nsize;
        if (c->used - old + nsize > c->limit + c->headroom) {
            /* Refuse. Lua answers the first refusal with an emergency GC and one retry of the same
             * request; only a second refusal (or no retry at all) is a real overrun. */
            if (c->pending) {
                c->pending = 0;
                spark_trip(c, SPARK_FAIL_MEMORY);
            } else {
                c->pending = 1;
                c->pend_ptr = ptr; c->pend_osize = osize; c->pend_nsize = nsize;
            }
            return NULL;
        }
        if (c->pending) {
            c->pending = 0;
            if (!same) spark_trip(c, SPARK_FAIL_MEMORY);
        }
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) {
        if (nsize > old) spark_trip(c, SPARK_FAIL_MEMORY);
        return NULL;
    }
    c->used = c->used - old + nsize;
    return p;
}

static int spark_panic(lua_State *L) {
    /* Unreachable by construction (every raising call is protected); abort loudly if not. */
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
    fprintf(stderr, "LuaRuntime: unprotected Lua error (a bug in CLuaShim): %s\n", msg);
    abort();
}

/* ---------- error capture ---------- */

static void copy_into(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
    if (n + 1 > *cap) {
        size_t ncap = n + 1 < 256 ? 256 : n + 1;
        char *nb = (char *)realloc(*buf, ncap);
        if (!nb) { *len = 0; return; }
        *buf = nb; *cap = ncap;
    }
    memcpy(*buf, s, n);
    (*buf)[n] = 0;
    *len = n;
}

void spark_set_error(spark_lua *c, int kind, const char *msg, size_t len) {
    copy_into(&c->err, &c->errlen, &c->errcap, msg, len);
    c->kind = kind;
}

void spark_mark(spark_lua *c, int kind, const char *msg, size_t len) {
    copy_into(&c->mark, &c->marklen, &c->markcap, msg, len);
    c->mark_kind = kind;
}

/* Raises "where: message" and remembers it so the final error can be classified. */
int spark_raise_marked(lua_State *L, int kind, const char *fmt, ...) {
    spark_lua *c = spark_ctl(L);
    va_list ap;
    luaL_where(L, 1);
    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    lua_concat(L, 2);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    spark_mark(c, kind, s, len);
    return lua_error(L);
}

void spark_capture_error(spark_lua *c, int status) {
    lua_State *L = c->L;
    size_t len = 0;
    const char *s = NULL;
    if (lua_type(L, -1) == LUA_TSTRING) s = lua_tolstring(L, -1, &len);
    if (!s) { s = "(error object is not a string)"; len = strlen(s); }
    copy_into(&c->err, &c->errlen, &c->errcap, s, len);
    c->kind = SPARK_KIND_LUA;
    if (c->mark_kind && c->marklen == len && memcmp(c->mark, s, len) == 0) c->kind = c->mark_kind;
    (void)status;
}

int spark_msgh(lua_State *L) {
    spark_lua *c = spark_ctl(L);
    spark_memory_checkpoint(c);
    /* Let the traceback allocate past the cap: the state is failing anyway. */
    size_t saved = c->headroom;
    c->headroom = SPARK_HEADROOM;
    int t = lua_type(L, 1);
    if (t == LUA_TNUMBER) {
        lua_tostring(L, 1);
    } else if (t != LUA_TSTRING) {
        /* No __tostring: after a hook error, hooks are off here, so no script code may run. */
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        lua_replace(L, 1);
    }
    luaL_traceback(L, L, NULL, 1);
    size_t len;
    const char *tb = lua_tolstring(L, -1, &len);
    copy_into(&c->tb, &c->tblen, &c->tbcap, tb, len);
    lua_pop(L, 1);
    c->headroom = saved;
    lua_settop(L, 1);
    return 1;
}

/* ---------- hook ---------- */

static void arm_instructions(spark_lua *c) {
    int64_t chunk = c->instr_remaining;
    if (chunk > (1 << 30)) chunk = 1 << 30;
    if (chunk < 1) chunk = 1;
    c->instr_chunk = (int)chunk;
    lua_sethook(c->L, spark_hook, LUA_MASKCOUNT, (int)chunk);
}

void spark_hook(lua_State *L, lua_Debug *ar) {
    spark_lua *c = spark_ctl(L);
    uint64_t s = c->seq_local;
    if (!c->failure) {
        if (c->timed_out && c->timed_out_seq == s) {
            c->failure = SPARK_FAIL_TIME;
        } else if (c->limits.instruction_budget > 0 && c->instr_seq == s && ar->event == LUA_HOOKCOUNT) {
            c->instr_remaining -= c->instr_chunk + c->instr_debt;
            c->instr_debt = 0;
            if (c->instr_remaining <= 0) {
                c->failure = SPARK_FAIL_INSTRUCTIONS;
            } else {
                arm_instructions(c);
                /* The watchdog's signal may have landed inside the sethook just above. */
                if (!(c->timed_out && c->timed_out_seq == s)) return;
                c->failure = SPARK_FAIL_TIME;
            }
        } else {
            /* A stopping hook armed for an earlier call that finished in time after all. */
            if (c->limits.instruction_budget > 0 && c->instr_seq == s) arm_instructions(c);
            else lua_sethook(L, NULL, 0, 0);
            return;
        }
    }
    lua_sethook(L, spark_hook, LUA_MASKCOUNT, 1);
    /* Position of the interrupted function (level 0: a hook is not a stack level of its own). */
    lua_Debug here;
    if (lua_getstack(L, 0, &here) && lua_getinfo(L, "Sl", &here) && here.currentline > 0)
        lua_pushfstring(L, "%s:%d: ", here.short_src, here.currentline);
    else
        lua_pushliteral(L, "");
    switch (c->failure) {
    case SPARK_FAIL_TIME:
        lua_pushfstring(L, "time budget of %d ms exceeded", (int)(c->limits.time_budget_ns / 1000000));
        break;
    case SPARK_FAIL_INSTRUCTIONS:
        lua_pushfstring(L, "instruction budget of %I instructions exceeded", (lua_Integer)c->limits.instruction_budget);
        break;
    default:
        lua_pushfstring(L, "memory limit of %d MB exceeded", (int)(c->limits.memory_limit >> 20));
        break;
    }
    lua_concat(L, 2);
    lua_error(L);
}

/* ---------- protected operations ---------- */

int32_t spark_begin(spark_lua *c, int allow_failed) {
    if (c->failure && !allow_failed) return SPARK_POISONED;
    c->failure_at_begin = c->failure;
    if (c->running || c->in_host) return SPARK_REENTRANT;
    c->running = 1;
    if (c->limits.time_budget_ns > 0 || c->limits.backstop_ns > 0) spark_watchdog_prepare_thread();
    c->thread = pthread_self();
    c->prev_on_thread = spark_tls_current;
    /* A call into this state from a host function of another (a guardrail rule checked while a
     * strategy places an order) is not the outer state's time: its watchdog clock pauses. */
    if (c->prev_on_thread) atomic_fetch_add_explicit(&c->prev_on_thread->nested, 1, memory_order_relaxed);
    spark_tls_current = c;
    c->mark_kind = 0;
    c->tblen = 0;
    c->errlen = 0;
    uint64_t s = ++c->seq_local;
    atomic_store_explicit(&c->seq, s, memory_order_release);
    c->instr_debt = 0;
    if (c->limits.instruction_budget > 0) {
        c->instr_seq = s;
        c->instr_remaining = c->limits.instruction_budget;
        arm_instructions(c);
    }
    return SPARK_OK;
}

int32_t spark_finish(spark_lua *c, int32_t status) {
    uint64_t s = c->seq_local;
    c->seq_local = s + 1;
    /* seq_cst pairs with the watchdog's store of arm_seq then load of seq: either the watchdog sees
     * this call ended (and sends no signal), or we see its request and wait until it is done
     * signalling, so it never signals a thread that may have exited. */
    atomic_store_explicit(&c->seq, s + 1, memory_order_seq_cst);
    /* The watchdog asked for this call to stop: it overran its budget, however it got back here (a
     * tail call into C returns with no instruction left for the hook to stop). */
    int overran = atomic_load_explicit(&c->arm_seq, memory_order_seq_cst) == s;
    if (overran) spark_watchdog_sync();
    spark_tls_current = c->prev_on_thread;
    if (c->prev_on_thread) atomic_fetch_sub_explicit(&c->prev_on_thread->nested, 1, memory_order_relaxed);
    c->running = 0;
    spark_memory_checkpoint(c);
    if (overran && !c->failure && c->limits.time_budget_ns > 0) {
        c->failure = SPARK_FAIL_TIME;
        c->errlen = 0;
        if (c->L) lua_sethook(c->L, spark_hook, LUA_MASKCOUNT, 1);
        if (status != SPARK_OK) status = SPARK_ERRRUN;
    }
    if (c->failure && !c->failure_at_begin) {
        if (status == SPARK_OK) status = SPARK_TRIPPED;
        /* The failure never reached the host as an error (a tail call, or a pcall whose result was
         * returned at once): say what it was. */
        if (c->errlen == 0 && c->failure != SPARK_FAIL_MEMORY) {
            char msg[220];
            int n = c->failure == SPARK_FAIL_TIME
                ? snprintf(msg, sizeof msg, "time budget of %d ms exceeded (noticed when the call returned: a C function "
                           "or a tail call ran past it)", (int)(c->limits.time_budget_ns / 1000000))
                : snprintf(msg, sizeof msg, "instruction budget of %lld instructions exceeded",
                           (long long)c->limits.instruction_budget);
            spark_set_error(c, SPARK_KIND_LUA, msg, n < 0 ? 0 : (size_t)n);
        }
    }
    return status;
}

typedef struct pctx { spark_body body; void *ud; } pctx;

static int ptramp(lua_State *L) {
    pctx *p = (pctx *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    return p->body(L, spark_ctl(L), p->ud);
}

int32_t spark_protected_ex(spark_lua *c, spark_body body, void *ud, int allow_failed) {
    int32_t st = spark_begin(c, allow_failed);
    if (st) return st;
    lua_State *L = c->L;
    int base = lua_gettop(L);
    pctx p = { body, ud };
    lua_pushcfunction(L, spark_msgh);
    lua_pushcfunction(L, ptramp);
    lua_pushlightuserdata(L, &p);
    st = lua_pcall(L, 1, 0, base + 1);
    if (st) spark_capture_error(c, st);
    lua_settop(L, base);
    return spark_finish(c, st);
}

int32_t spark_protected(spark_lua *c, spark_body body, void *ud) {
    return spark_protected_ex(c, body, ud, 0);
}

/* ---------- lifecycle ---------- */

spark_lua *spark_open(const spark_limits *limits, void *host, spark_dispatch_fn dispatch, spark_print_fn print,
                      int32_t *status) {
    spark_lua *c = (spark_lua *)calloc(1, sizeof *c);
    if (!c) { *status = SPARK_ERRMEM; return NULL; }
    c->limits = *limits;
    c->limit = limits->memory_limit;
    c->host = host;
    c->dispatch = dispatch;
    c->print = print;
    c->results.cap = 1024;
    c->results.buf = (char *)malloc(c->results.cap);
    lua_State *L = lua_newstate(spark_alloc, c);
    if (!L || !c->results.buf) {
        if (L) lua_close(L);
        free(c->results.buf);
        free(c);
        *status = SPARK_ERRMEM;
        return NULL;
    }
    c->L = L;
    if (limits->time_budget_ns > 0 || limits->backstop_ns > 0) spark_watchdog_start();
    *(spark_lua **)lua_getextraspace(L) = c;
    lua_atpanic(L, spark_panic);
    *status = spark_protected(c, spark_setup_sandbox, NULL);
    if (*status == SPARK_OK && (c->limits.time_budget_ns > 0 || c->limits.backstop_ns > 0)) spark_watchdog_register(c);
    return c;
}

void spark_set_host(spark_lua *c, void *host) { c->host = host; }

void spark_close(spark_lua *c) {
    if (!c) return;
    if (c->registered) spark_watchdog_unregister(c);
    c->limit = (size_t)-1 / 2;
    lua_close(c->L);
    free(c->err);
    free(c->tb);
    free(c->mark);
    free(c->records);
    free(c->results.buf);
    free(c);
}

const char *spark_error_message(spark_lua *c, size_t *len) { *len = c->errlen; return c->err ? c->err : ""; }
const char *spark_error_traceback(spark_lua *c, size_t *len) { *len = c->tblen; return c->tb ? c->tb : ""; }
const char *spark_error_where(spark_lua *c) { return c->trip_where; }
int32_t spark_error_kind(spark_lua *c) { return c->kind; }
int32_t spark_failure(spark_lua *c) { return c->failure; }
size_t spark_memory_in_use(spark_lua *c) { return c->used; }

size_t spark_format_number(double d, char *out, size_t cap) {
    int n = snprintf(out, cap, LUA_NUMBER_FMT, d);
    if (n < 0) return 0;
    if ((size_t)n >= cap) n = (int)cap - 1;
    /* Like Lua: a float that looks like an integer gets ".0". */
    if (strspn(out, "-0123456789") == (size_t)n && (size_t)n + 2 < cap) {
        out[n++] = '.'; out[n++] = '0'; out[n] = 0;
    }
    return (size_t)n;
}

uint32_t spark_next_serial(void) {
    static _Atomic uint32_t serial;
    return atomic_fetch_add(&serial, 1) + 1;
}
