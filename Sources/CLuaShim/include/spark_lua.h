#ifndef SPARK_LUA_H
#define SPARK_LUA_H

/*
 * The C half of LuaRuntime. Every Lua API call that may raise (longjmp) lives here and runs either
 * inside a lua_pcall of a C function or inside a lua_CFunction called by Lua, so a longjmp never
 * crosses a Swift frame. Swift only sees the plain structs and functions below; no Lua type leaks.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SPARK_MAX_ARGS 16      /* arguments a host function receives */
#define SPARK_MAX_FIELDS 32    /* flattened table fields, over all table arguments of one call */
#define SPARK_MAX_TABLE_FIELDS 16
#define SPARK_MAX_RESULTS 8
#define SPARK_MAX_CLASSES 64
#define SPARK_MAX_RECORD 16

/* Value tags, shared by host-call arguments, fields and results. */
#define SPARK_T_NONE 0
#define SPARK_T_NIL 1
#define SPARK_T_BOOL 2
#define SPARK_T_INT 3
#define SPARK_T_NUM 4
#define SPARK_T_STR 5
#define SPARK_T_TABLE 6
#define SPARK_T_HANDLE 7
#define SPARK_T_OTHER 8

/* Return codes of the protected entry points (0 = ok; Lua's own codes 2..5 pass through). */
#define SPARK_OK 0
#define SPARK_ERRRUN 2
#define SPARK_ERRSYNTAX 3
#define SPARK_ERRMEM 4
#define SPARK_ERRERR 5
#define SPARK_POISONED 100   /* a sticky failure happened earlier; nothing ran */
#define SPARK_REENTRANT 101  /* called from inside a host function of the same state */
#define SPARK_TRIPPED 102    /* ran, Lua caught the error, but a sticky budget/memory failure happened */
#define SPARK_WANT_FUNCTION 6 /* LUA_TFUNCTION, for spark_field_ref */
#define SPARK_WANT_TABLE 5    /* LUA_TTABLE */

/* Sticky failures. */
#define SPARK_FAIL_NONE 0
#define SPARK_FAIL_TIME 1
#define SPARK_FAIL_INSTRUCTIONS 2
#define SPARK_FAIL_MEMORY 3

/* How an error was classified on the C side (for LuaError.Code). */
#define SPARK_KIND_LUA 0
#define SPARK_KIND_SANDBOX 1
#define SPARK_KIND_HOST 2

typedef struct spark_value {
    int32_t type;
    int32_t aux;        /* bool: 0/1; handle: class id; table: first field index; other: 1 for a function */
    int64_t i;          /* integer; handle id; table: field count; result string: offset */
    double d;           /* number (also set for integers) */
    const char *s;      /* string bytes (argument strings point into Lua, valid during the call) */
    size_t len;
    int32_t flat;       /* table: 1 when its string-keyed scalar fields were all collected */
    int32_t reason;     /* table not flat: 1 nested value, 2 non-string key, 3 too many fields */
} spark_value;

typedef struct spark_field {
    const char *key;
    size_t keylen;
    spark_value value;
} spark_field;

typedef struct spark_args {
    int32_t count;
    int32_t nfields;
    int32_t flat_error_arg;  /* set by Swift (1-based) when it read fields of a table that is not flat */
    int32_t own_receiver;    /* method (spark_set_host_method): 1 when argument 0 is its own table, else 0; -1 otherwise */
    spark_value v[SPARK_MAX_ARGS];
    spark_field f[SPARK_MAX_FIELDS];
} spark_args;

typedef struct spark_results {
    int32_t count;
    int32_t overflow;
    spark_value v[SPARK_MAX_RESULTS];
    char *buf;               /* C-owned scratch: result strings and the error message */
    size_t used, cap;
    size_t err_off, err_len;
    int32_t has_error;
    int32_t oom;
} spark_results;

/* One argument of spark_call. */
#define SPARK_ARG_NONE 0
#define SPARK_ARG_REF 1
#define SPARK_ARG_NUM 2
#define SPARK_ARG_INT 3
#define SPARK_ARG_RECORD 4
#define SPARK_ARG_NIL 5
#define SPARK_ARG_BOOL 6
typedef struct spark_arg {
    int32_t kind;
    int32_t ref;             /* registry ref (ref, record table) */
    int32_t record;          /* record id */
    int32_t count;           /* record: number of values */
    double d;
    int64_t i;
    const double *values;    /* record values */
} spark_arg;

/* A value tree from Swift, flattened into a little stack program (makeTable, setField, ...). */
#define SPARK_OP_NIL 0
#define SPARK_OP_BOOL 1
#define SPARK_OP_INT 2
#define SPARK_OP_NUM 3
#define SPARK_OP_STR 4
#define SPARK_OP_TABLE 5
#define SPARK_OP_SETFIELD 6
#define SPARK_OP_SETINDEX 7
typedef struct spark_op {
    int32_t op;
    int32_t a;               /* bool value; table: array size hint */
    int32_t b;               /* table: hash size hint */
    int32_t pad;
    int64_t i;               /* integer; setindex: index */
    double d;
    size_t off, len;         /* string or key bytes in the program's byte pool */
} spark_op;

typedef struct spark_program {
    const spark_op *ops;
    int32_t count;
    int32_t values;          /* how many values the program leaves on the stack */
    const char *pool;
} spark_program;

/* Host callbacks, implemented in Swift. They never raise: they return a status and C raises. */
typedef int32_t (*spark_dispatch_fn)(void *host, int32_t id, spark_args *args, spark_results *results);
typedef void (*spark_print_fn)(void *host, const char *text, size_t len);

typedef struct spark_limits {
    int64_t time_budget_ns;     /* <= 0: no wall-clock budget */
    int64_t instruction_budget; /* <= 0: no instruction budget */
    size_t memory_limit;
    size_t max_string_bytes;
    double c_call_limit_ns;     /* estimated worst-case work one C library call may do (see spark_sandbox.c) */
    int64_t backstop_ns;        /* a call still running after this long ends the process; <= 0: none */
    uint64_t seed;
} spark_limits;

typedef struct spark_lua spark_lua;

/* Called on the watchdog thread when a call outlives its backstop; the process then exits (status 70)
 * if the handler returns. The handler must be async-safe enough to run beside a stuck Lua thread. */
typedef void (*spark_backstop_fn)(const char *message, size_t len);
void spark_set_backstop(spark_backstop_fn fn);

/* Lifecycle. spark_open returns NULL only when even the bare state cannot be made. */
spark_lua *spark_open(const spark_limits *limits, void *host, spark_dispatch_fn dispatch, spark_print_fn print,
                      int32_t *status);
void spark_close(spark_lua *c);
void spark_set_host(spark_lua *c, void *host);

/* After a failing call: the message (and traceback, may be empty) and how it was classified. */
const char *spark_error_message(spark_lua *c, size_t *len);
const char *spark_error_traceback(spark_lua *c, size_t *len);
int32_t spark_error_kind(spark_lua *c);
/* "chunk:line" where the memory cap was broken, or "". */
const char *spark_error_where(spark_lua *c);
int32_t spark_failure(spark_lua *c);
size_t spark_memory_in_use(spark_lua *c);

/* Protected operations; each returns a SPARK_* code. */
int32_t spark_load(spark_lua *c, const char *source, size_t len, const char *chunkname);
int32_t spark_call(spark_lua *c, int32_t fnref, int32_t nargs, const spark_arg *args);
int32_t spark_call_values(spark_lua *c, int32_t fnref, const spark_program *args, int32_t nresults, int32_t *outrefs);
int32_t spark_make_ref(spark_lua *c, const spark_program *value, int32_t *outref);
int32_t spark_set_field(spark_lua *c, int32_t tref, const char *key, size_t keylen, const spark_program *value);
int32_t spark_set_global(spark_lua *c, const char *key, size_t keylen, const spark_program *value);
int32_t spark_set_host_function(spark_lua *c, int32_t tref, const char *key, size_t keylen, int32_t id);
/* Like spark_set_host_function, but the closure also holds the table, so the host can tell whether
 * argument 0 (self) is that table (spark_args.own_receiver). */
int32_t spark_set_host_method(spark_lua *c, int32_t tref, const char *key, size_t keylen, int32_t id);
/* Ref to env[key] (tref < 0) or tref[key], only when its Lua type is `want` (or any type if want < 0). */
int32_t spark_field_ref(spark_lua *c, int32_t tref, const char *key, size_t keylen, int32_t want, int32_t *outref);
int32_t spark_register_class(spark_lua *c, int32_t cls, int32_t count, const char *const *names, const int32_t *ids);
int32_t spark_make_record(spark_lua *c, int32_t count, const char *const *keys, uint32_t integer_mask,
                          const char *string_key, int32_t *outref, int32_t *outid);
int32_t spark_record_string(spark_lua *c, int32_t record, const char *text, size_t len);
int32_t spark_unref(spark_lua *c, int32_t ref);

/* Streaming indicators (spark_ta.c): state in caller-provided memory of spark_ind_size bytes. */
typedef struct spark_ind spark_ind;
enum { SPARK_IND_SMA = 1, SPARK_IND_EMA, SPARK_IND_RSI, SPARK_IND_ATR, SPARK_IND_BBANDS, SPARK_IND_HIGHEST, SPARK_IND_LOWEST };
size_t spark_ind_size(int32_t kind, int32_t period);
void spark_ind_init(spark_ind *s, int32_t kind, int32_t period, double k);
double spark_ind_update(spark_ind *s, double high, double low, double close);
void spark_ind_outputs(const spark_ind *s, double *value, double *previous, double *upper, double *lower);
int32_t spark_ind_crossover(const spark_ind *a, const spark_ind *b);
/* Installs ta.sma … ta.lowest, ta.crossover and ta.crossunder into the table behind table_ref. */
int32_t spark_install_indicators(spark_lua *c, int32_t table_ref);

/* Reading a global as a value tree: C walks it inside a protected frame and reports each node to
 * Swift (which only copies it). Events: value (scalar or unsupported), table begin, table end. */
#define SPARK_VISIT_VALUE 0
#define SPARK_VISIT_BEGIN 1
#define SPARK_VISIT_END 2
typedef void (*spark_visit_fn)(void *ctx, int32_t event, const spark_value *key, const spark_value *value);
int32_t spark_read_global(spark_lua *c, const char *key, size_t keylen, int32_t maxdepth, spark_visit_fn visit, void *ctx);

/* Results written by Swift during a host call (plain C, never raises). */
int32_t spark_results_string(spark_results *r, const char *bytes, size_t len);
int32_t spark_results_error(spark_results *r, const char *bytes, size_t len);

/* Accessors Swift inlines (C arrays import as tuples). */
static inline spark_value *spark_args_value(spark_args *a, int32_t i) { return &a->v[i]; }
static inline spark_field *spark_args_field(spark_args *a, int32_t i) { return &a->f[i]; }
static inline spark_value *spark_results_slot(spark_results *r) {
    if (r->count >= SPARK_MAX_RESULTS) { r->overflow = 1; return 0; }
    return &r->v[r->count++];
}
static inline int spark_bytes_equal(const char *a, size_t alen, const void *b, size_t blen) {
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* A serial number per state, so a LuaRef from another state is refused. */
uint32_t spark_next_serial(void);

/* Lua-style number formatting ("%.14g", integers without ".0"). */
size_t spark_format_number(double d, char *out, size_t cap);

#endif
