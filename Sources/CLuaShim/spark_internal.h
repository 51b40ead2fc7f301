#ifndef SPARK_INTERNAL_H
#define SPARK_INTERNAL_H

#include "spark_lua.h"
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

/* Extra memory the message handler may use past the cap, so a traceback can still be built after
 * the script ran out of memory (the failure is sticky anyway). */
#define SPARK_HEADROOM (1u << 20)

/* The first word of every indicator userdata; never a handle's class (push_handle refuses it). */
#define SPARK_IND_MAGIC 0x7A5CA11Du

typedef struct spark_handle {
    int32_t cls;
    int32_t pad;
    int64_t id;
} spark_handle;

typedef struct spark_record {
    int32_t table_ref;
    int32_t keys_ref;
    int32_t count;
    uint32_t integer_mask;
} spark_record;

struct spark_lua {
    lua_State *L;
    spark_limits limits;
    void *host;
    spark_dispatch_fn dispatch;
    spark_print_fn print;

    /* Memory accounting (Lua thread only). */
    size_t used;
    size_t limit;
    size_t headroom;
    int pending;                 /* an allocation was refused; Lua may retry it after an emergency GC */
    void *pend_ptr;
    size_t pend_osize, pend_nsize;
    char trip_where[96];         /* "chunk:line" of the allocation that broke the cap */

    /* Budgets. `seq` is odd while a protected operation runs; the watchdog compares snapshots of it,
     * so the hot path only stores a counter. */
    _Atomic uint64_t seq;
    uint64_t seq_local;
    _Atomic uint64_t arm_seq;    /* watchdog: "the call with this seq overran" */
    _Atomic uint64_t acked_seq;  /* signal handler: "armed for this seq" */
    volatile sig_atomic_t timed_out; /* set by the signal handler (same thread) for seq == timed_out_seq */
    volatile uint64_t timed_out_seq;
    volatile int failure;        /* SPARK_FAIL_*, sticky */
    int failure_at_begin;
    int indicators;              /* made by ctx.ta.*, capped */
    int64_t instr_remaining;
    int64_t instr_debt;          /* estimated cost of C calls since the count hook last fired */
    int instr_chunk;
    uint64_t instr_seq;
    _Atomic int nested;          /* calls of other states running inside this one's host functions */
    char label[96];              /* the script's chunk name, for the backstop's message */
    int label_is_prelude;        /* label came from a "=name" chunk; a file chunk replaces it */
    pthread_t thread;            /* thread running the current operation */
    spark_lua *volatile prev_on_thread;
    int running;
    int in_host;

    /* Watchdog bookkeeping (watchdog thread only, under its mutex). */
    spark_lua *wd_next;
    uint64_t wd_seen_seq;
    int64_t wd_seen_at;
    int64_t wd_last_tick;
    uint64_t wd_signaled_seq;
    int64_t wd_signaled_at;
    int registered;

    /* The last error, copied out of Lua so Swift can read it after the stack was reset. */
    char *err; size_t errlen, errcap;
    char *tb; size_t tblen, tbcap;
    int kind;
    /* The last message raised by a sandbox refusal or a host function, to classify the final error. */
    char *mark; size_t marklen, markcap;
    int mark_kind;

    int32_t class_ref[SPARK_MAX_CLASSES];
    spark_record *records; int32_t nrecords, caprecords;

    /* Current spark_call (read by its trampoline). */
    int32_t call_fnref, call_nargs;
    const spark_arg *call_args;

    spark_args args;
    spark_results results;
};

static inline spark_lua *spark_ctl(lua_State *L) { return *(spark_lua **)lua_getextraspace(L); }

/* spark_state.c */
void spark_hook(lua_State *L, lua_Debug *ar);
void spark_trip(spark_lua *c, int failure);
void spark_memory_checkpoint(spark_lua *c);
void spark_mark(spark_lua *c, int kind, const char *msg, size_t len);
int spark_raise_marked(lua_State *L, int kind, const char *fmt, ...);
typedef int (*spark_body)(lua_State *L, spark_lua *c, void *ud);
int32_t spark_protected(spark_lua *c, spark_body body, void *ud);
int32_t spark_protected_ex(spark_lua *c, spark_body body, void *ud, int allow_failed);
int spark_msgh(lua_State *L);
int32_t spark_begin(spark_lua *c, int allow_failed);
int32_t spark_finish(spark_lua *c, int32_t status);
void spark_capture_error(spark_lua *c, int status);
void spark_set_error(spark_lua *c, int kind, const char *msg, size_t len);

/* spark_watchdog.c */
void spark_watchdog_register(spark_lua *c);
void spark_watchdog_unregister(spark_lua *c);
void spark_watchdog_sync(void);
void spark_watchdog_start(void);
void spark_watchdog_prepare_thread(void);
extern _Thread_local spark_lua *volatile spark_tls_current;

/* spark_sandbox.c */
int spark_setup_sandbox(lua_State *L, spark_lua *c, void *ud);
/* Charges `ns` of estimated worst-case work for one C library call: raises when it is over the
 * state's per-call limit, and counts it against the instruction budget when one is set. */
void spark_charge(lua_State *L, spark_lua *c, double ns, const char *fn, const char *what);
/* Nonzero (and an error set) when `source` declares a to-be-closed variable (`<close>`). */
int spark_refuse_tbc(spark_lua *c, const char *source, size_t len, const char *chunkname);

/* spark_host.c */
int spark_host_fn(lua_State *L);
int spark_run_program(lua_State *L, const spark_program *p);

#endif
