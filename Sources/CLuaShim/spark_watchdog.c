/* The process-wide watchdog that enforces wall-clock budgets at no cost to calls that finish in time.
 *
 * A call only bumps its state's sequence counter (odd = running). The watchdog polls every few
 * milliseconds; when it sees the same odd value for longer than the budget, it asks the thread
 * running that call to arm the stopping hook. It does not call lua_sethook itself: lua_sethook is
 * async-signal-safe (the stand-alone lua arms it from a SIGINT handler), but not thread-safe — it
 * walks the CallInfo list, which the running thread may be freeing. So the watchdog sends a signal
 * to that thread and the handler, running on the Lua thread, calls lua_sethook. */
#include "spark_internal.h"
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

_Thread_local spark_lua *volatile spark_tls_current;

static pthread_mutex_t wd_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wd_cond = PTHREAD_COND_INITIALIZER;
static pthread_once_t wd_once = PTHREAD_ONCE_INIT;
static spark_lua *wd_list;
static int wd_signal;
static _Atomic(spark_backstop_fn) wd_backstop;

void spark_set_backstop(spark_backstop_fn fn) { atomic_store(&wd_backstop, fn); }

/* A call outlived its backstop: a C function the sandbox could not bound is still running, and
 * nothing can stop it short of ending the process. Say so (the host may journal it), then exit. */
static void wd_fire_backstop(spark_lua *c, int64_t elapsed) {
    char msg[320];
    int n = snprintf(msg, sizeof msg,
        "%s: a Lua call has run for %.1f s, past its backstop of %.1f s (budget %d ms), inside code the sandbox "
        "cannot interrupt; ending the process (exit 70) rather than hanging",
        c->label[0] ? c->label : "lua", (double)elapsed / 1e9, (double)c->limits.backstop_ns / 1e9,
        (int)(c->limits.time_budget_ns / 1000000));
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof msg) n = (int)sizeof msg - 1;
    spark_backstop_fn fn = atomic_load(&wd_backstop);
    if (fn) fn(msg, (size_t)n);
    else {
        (void)!write(2, "spark: ", 7);
        (void)!write(2, msg, (size_t)n);
        (void)!write(2, "\n", 1);
    }
    _exit(70);
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void wd_handler(int sig) {
    (void)sig;
    int saved = errno;
    /* Every state this thread is inside (a host function may call into another state). */
    for (spark_lua *c = spark_tls_current; c; c = c->prev_on_thread) {
        uint64_t a = atomic_load_explicit(&c->arm_seq, memory_order_relaxed);
        if ((a & 1) && a == c->seq_local && c->running) {
            c->timed_out_seq = a;
            c->timed_out = 1;
            lua_sethook(c->L, spark_hook, LUA_MASKCOUNT, 1);
            atomic_store_explicit(&c->acked_seq, a, memory_order_relaxed);
        }
    }
    errno = saved;
}

static void *wd_main(void *arg) {
    (void)arg;
    pthread_mutex_lock(&wd_mutex);
    for (;;) {
        while (!wd_list) pthread_cond_wait(&wd_cond, &wd_mutex);
        int64_t now = now_ns();
        int64_t interval = 10000000; /* 10 ms, or budget / 20 when smaller */
        for (spark_lua *c = wd_list; c; c = c->wd_next) {
            int64_t budget = c->limits.time_budget_ns;
            int64_t backstop = c->limits.backstop_ns;
            if (budget > 0 && budget / 20 < interval) interval = budget / 20;
            if (backstop > 0 && backstop / 20 < interval) interval = backstop / 20;
            uint64_t s = atomic_load_explicit(&c->seq, memory_order_acquire);
            if (!(s & 1)) continue;
            if (s != c->wd_seen_seq) {
                /* First sighting: the call started at most one interval ago, so measuring from here
                 * never trips early and trips at most one interval late. */
                c->wd_seen_seq = s;
                c->wd_seen_at = now;
                c->wd_last_tick = now;
                continue;
            }
            /* Time spent inside another state's call (a rule checked from a host function) is
             * charged to that state, not this one: move this call's start forward by it. */
            if (atomic_load_explicit(&c->nested, memory_order_relaxed) > 0) c->wd_seen_at += now - c->wd_last_tick;
            c->wd_last_tick = now;
            if (backstop > 0 && now - c->wd_seen_at >= backstop) wd_fire_backstop(c, now - c->wd_seen_at);
            if (budget <= 0 || now - c->wd_seen_at < budget) continue;
            /* Signal once, and again every 50 ms until the handler acknowledges (the thread may have
             * had the signal blocked for a while). */
            if (atomic_load_explicit(&c->acked_seq, memory_order_relaxed) == s) continue;
            if (c->wd_signaled_seq == s && now - c->wd_signaled_at < 50000000) continue;
            atomic_store_explicit(&c->arm_seq, s, memory_order_seq_cst);
            if (atomic_load_explicit(&c->seq, memory_order_seq_cst) != s) continue;
            c->wd_signaled_seq = s;
            c->wd_signaled_at = now;
            pthread_kill(c->thread, wd_signal);
        }
        if (interval < 1000000) interval = 1000000;
        pthread_mutex_unlock(&wd_mutex);
        struct timespec ts = { 0, (long)interval };
        while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
        pthread_mutex_lock(&wd_mutex);
    }
    return NULL;
}

static void wd_start(void) {
    /* A standard signal, not a real-time one: those queue, and a thread that blocks them would pile
     * them up to the per-user limit. SIGURG is ignored by default and otherwise only means
     * out-of-band socket data (Go's runtime picked it for the same job). */
    wd_signal = SIGURG;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = wd_handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(wd_signal, &sa, NULL);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* Block every signal in the watchdog so it never runs a handler meant for a Lua thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t t;
    pthread_create(&t, &attr, wd_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
}

void spark_watchdog_start(void) {
    pthread_once(&wd_once, wd_start);
}

/* libdispatch (and so Swift concurrency on Linux) runs its worker threads with asynchronous signals
 * blocked; unblock ours once per thread that runs Lua. */
static _Thread_local int tls_unblocked;

void spark_watchdog_prepare_thread(void) {
    if (tls_unblocked) return;
    tls_unblocked = 1;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, wd_signal);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void spark_watchdog_register(spark_lua *c) {
    pthread_once(&wd_once, wd_start);
    pthread_mutex_lock(&wd_mutex);
    c->wd_next = wd_list;
    wd_list = c;
    c->registered = 1;
    pthread_cond_signal(&wd_cond);
    pthread_mutex_unlock(&wd_mutex);
}

void spark_watchdog_unregister(spark_lua *c) {
    pthread_mutex_lock(&wd_mutex);
    for (spark_lua **p = &wd_list; *p; p = &(*p)->wd_next) {
        if (*p == c) { *p = c->wd_next; break; }
    }
    c->registered = 0;
    pthread_mutex_unlock(&wd_mutex);
}

void spark_watchdog_sync(void) {
    pthread_mutex_lock(&wd_mutex);
    pthread_mutex_unlock(&wd_mutex);
}
