#!/usr/bin/env python3
"""`make chaos`: a chaos canary against spark-fake-binance (at most 10 minutes; exits non-zero on any
violated invariant).

It runs the executor, backtest and streams services as three `spark serve SERVICE` processes, a paper
session (market from the streams relay) and a live session (on the fake), bars every few seconds and a
sweep job, then injects, one after the other: kill -9 and restart of each service process (the backtest
service stays down long enough for SparkDown), the kill switch engaged and released, kill -9 of each
session process (the executor restarts them), the market streams shut down and the user stream dropped,
the bar store and serve.sqlite held under an exclusive SQLite lock, the market silent long enough for
SparkMarketDataStale, and a full disk under the state directory (a small tmpfs, mounted because we are
root; "blocked" when the mount is refused).

It asserts: no lost bar (every published minute is in the store, contiguous), no lost or doubled order
(each live intent has at most one order on the fake and every fake order has an intent), /readyz
reflects each fault and recovers, and deploy/prometheus/alerts.yml, evaluated by `promtool test rules`
over the series scraped every 5 s, fires the expected alerts during their faults, no others, and none at
the end. Results: a table on stdout and out/chaos/chaos.json (scrapes and the promtool file beside it).
"""
import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sparkops as ops  # noqa: E402

SCRAPE_S = 5
EVAL_S = 15
ALERTS = os.path.join(ops.REPO, "deploy", "prometheus", "alerts.yml")


class Recorder(threading.Thread):
    """Scrapes every service's /metrics every SCRAPE_S seconds (a failed scrape is up 0) and polls every
    /readyz four times a second, keeping each change."""

    def __init__(self, project):
        super().__init__(daemon=True)
        self.project = project
        self.t0 = time.time()
        self.scrapes = []          # (tick, service, text or None)
        self.ready = {name: [] for name in ops.SERVICES}   # [(t, status, reasons)] on change
        self.stop_event = threading.Event()

    def run(self):
        tick = 0
        next_scrape = self.t0
        while not self.stop_event.is_set():
            now = time.time()
            if now >= next_scrape:
                for name in ops.SERVICES:
                    self.scrapes.append((tick, name, ops.scrape(self.project.url(name))))
                tick += 1
                next_scrape = self.t0 + tick * SCRAPE_S
            for name in ops.SERVICES:
                status, reasons = ops.readyz(self.project.url(name))
                history = self.ready[name]
                # Reasons that differ only in a number ("no market data for 61 s") are one state.
                if not history or history[-1][1] != status or [re.sub(r"\d+", "#", r) for r in history[-1][2]] != [re.sub(r"\d+", "#", r) for r in reasons]:
                    history.append((round(time.time() - self.t0, 2), status, reasons))
            self.stop_event.wait(0.25)

    def now(self):
        return round(time.time() - self.t0, 2)

    def statuses(self, service, start, end):
        """The /readyz statuses seen for `service` between two run times (the one in force at `start` included)."""
        history = self.ready[service]
        before = [entry for entry in history if entry[0] <= start]
        during = [entry for entry in history if start < entry[0] <= end]
        return (before[-1:] + during)

    def current(self, service):
        history = self.ready[service]
        return history[-1][1] if history else None


class Chaos:
    def __init__(self, options):
        self.options = options
        self.out = os.path.abspath(options.out)
        os.makedirs(self.out, exist_ok=True)
        self.work = tempfile.mkdtemp(prefix="spark-chaos-")
        self.faults = []        # {name, start, end, checks: [{check, ok, detail}]}
        self.violations = []
        self.mounted = None
        self.disk_status = "not run"
        self.processes = {}

    # ----------------------------------------------------------------------------------- checks

    def fault(self, name):
        entry = {"fault": name, "start": self.recorder.now(), "end": None, "checks": []}
        self.faults.append(entry)
        ops.log(f"fault: {name}")
        return entry

    def check(self, entry, name, ok, detail="", observe=False):
        """An invariant (a violation fails the canary) or, with `observe`, a behaviour Spark does not
        promise (docs/serve.md), recorded and reported only."""
        entry["checks"].append({"check": name, "ok": bool(ok), "detail": detail, "kind": "observation" if observe else "invariant"})
        if not ok and not observe:
            self.violations.append(f"{entry['fault']}: {name} ({detail})")
        ops.log(f"  {'ok ' if ok else ('seen' if observe else 'VIOLATED')} {name} {detail}")

    def wait_ready(self, service, seconds=45):
        return ops.wait_for(lambda: ops.readyz(self.project.url(service))[0] == 200, seconds, 0.25)

    def saw_not_ready(self, service, start, end=None):
        seen = self.recorder.statuses(service, start, end if end is not None else self.recorder.now())
        bad = [entry for entry in seen if entry[1] != 200]
        return bool(bad), "; ".join(f"{'unreachable' if s == 0 else s} {','.join(r)[:120]}" for _, s, r in bad[:3])

    def sessions(self):
        status, text = ops.http("GET", self.project.url("executor") + "/sessions")
        items = json.loads(text) if status == 200 else []
        items = items.get("sessions", []) if isinstance(items, dict) else items
        return {item.get("request", {}).get("mode"): item for item in items}

    # ----------------------------------------------------------------------------------- set-up

    def mount_state(self, root):
        """A small tmpfs under the project's state directory, for the full-disk fault."""
        state = os.path.join(root, "state")
        os.makedirs(state, exist_ok=True)
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.options.disk_mb}m", "tmpfs", state], capture_output=True, text=True)
        if result.returncode == 0:
            self.mounted = state
        else:
            self.disk_status = f"blocked: mount -t tmpfs refused ({result.stderr.strip() or result.returncode})"

    def start(self):
        ops.require_binaries()
        self.fake = ops.Fake(self.work)
        ports = {name: ops.free_port() for name in ops.SERVICES}
        self.project = ops.Project(os.path.join(self.work, "project"), self.fake, ports, restart_backoff_ms=2000, restart_limit=10,
                                   prepare=self.mount_state, params={"fast": 3, "slow": 8, "size": 0.01})
        for name in ops.SERVICES:
            self.processes[name] = ops.Serve(self.project, [name], self.work, name)
        self.recorder = Recorder(self.project)
        self.recorder.start()
        self.driver = ops.BarDriver(self.fake, self.options.bar_every, -3, wave=3.0)
        self.driver.start()
        ops.wait_for(lambda: self.driver.published >= 2, 30)
        self.paper, self.live = self.project.start_paper(), self.project.start_live()
        ops.log(f"services {ports}; paper {self.paper.get('id')} pid {self.paper.get('pid')}; live {self.live.get('id')} pid {self.live.get('pid')}")
        self.job = json.loads(self.project.remote("backtest", "quinn", "jobs", "submit", "--sweep", "data/lab/smoke.yaml").stdout)["id"]

    # ----------------------------------------------------------------------------------- faults

    def warm_up(self):
        entry = self.fault("warm-up: every service ready, both sessions trading")
        ready = all(self.wait_ready(name, 60) for name in ops.SERVICES)
        self.check(entry, "every /readyz 200", ready, str({n: self.recorder.current(n) for n in ops.SERVICES}))
        running = ops.wait_for(lambda: all((self.sessions().get(m) or {}).get("state") == "running" for m in ("paper", "live")), 30)
        self.check(entry, "paper and live running", running, str({m: s.get("state") for m, s in self.sessions().items()}))
        entry["end"] = self.recorder.now()

    def kill_service(self, name, down_s, during=None):
        entry = self.fault(f"kill -9 {name} service, restart after {down_s} s")
        before = {mode: session.get("pid") for mode, session in self.sessions().items()}
        self.processes[name].kill9()
        if during:
            during()
        time.sleep(max(0.0, down_s - (self.recorder.now() - entry["start"])))
        self.processes[name].start()
        ready = self.wait_ready(name, 60)
        entry["end"] = self.recorder.now()
        seen, detail = self.saw_not_ready(name, entry["start"], entry["end"])
        self.check(entry, f"{name} /readyz unreachable while down", seen, detail)
        self.check(entry, f"{name} /readyz 200 after restart", ready, f"ready at {self.recorder.now() - entry['start']:.1f} s")
        if name == "executor":
            after = self.sessions()
            same = all(after.get(mode, {}).get("pid") == pid and after.get(mode, {}).get("state") == "running" for mode, pid in before.items())
            self.check(entry, "sessions kept running and re-attached (same pids)", same,
                       str({m: (s.get("pid"), s.get("state")) for m, s in after.items()}))
        return entry

    def kill_switch(self):
        entry = self.fault("kill switch engaged (level 1) for 45 s, then released")
        self.project.remote("executor", "olga", "kill", "on", "--level", "1", "--reason", "chaos canary")
        time.sleep(45)
        self.project.remote("executor", "olga", "kill", "off", "--reason", "chaos canary done")
        ready = self.wait_ready("executor", 30)
        entry["end"] = self.recorder.now()
        seen, detail = self.saw_not_ready("executor", entry["start"], entry["end"])
        self.check(entry, "executor /readyz 503 while engaged", seen, detail)
        self.check(entry, "executor /readyz 200 after release", ready)
        entry["expect_alert"] = "SparkKillSwitchOrBreakerEngaged"

    def kill_session(self, mode, at_intent=False):
        name = f"kill -9 the {mode} session's process" + (" the moment it journals an order intent" if at_intent else "")
        entry = self.fault(name)
        session = self.sessions().get(mode) or {}
        pid, restarts = session.get("pid"), session.get("restarts", 0)
        if not pid:
            self.check(entry, f"{mode} session has a process", False, json.dumps(session)[:200])
            return
        if at_intent:
            caught = self.await_intent((session.get("journals") or [""])[-1], 90)
            self.check(entry, "an intent was journaled (the kill lands between intent and exchange answer)", caught, caught or "none within 90 s", observe=True)
        os.kill(pid, signal.SIGKILL)
        back = ops.wait_for(lambda: (lambda s: s.get("state") == "running" and s.get("pid") not in (None, pid) and s.get("restarts", 0) > restarts)(
            self.sessions().get(mode) or {}), 60, 0.5)
        ready = self.wait_ready("executor", 30)
        entry["end"] = self.recorder.now()
        now = self.sessions().get(mode) or {}
        self.check(entry, f"executor restarted the {mode} session (new pid, restarts+1)", back,
                   f"pid {pid} → {now.get('pid')}, restarts {restarts} → {now.get('restarts')}, state {now.get('state')}")
        seen, detail = self.saw_not_ready("executor", entry["start"], entry["end"])
        self.check(entry, "executor /readyz 503 while the session restarts", seen, detail)
        self.check(entry, "executor /readyz 200 after", ready)
        other = "live" if mode == "paper" else "paper"
        other_session = self.sessions().get(other) or {}
        self.check(entry, f"the {other} session was untouched", other_session.get("state") == "running", other_session.get("state"))

    @staticmethod
    def await_intent(journal, seconds):
        """Watches the journal's new lines every 10 ms; the intent's client id once one appears."""
        try:
            handle = open(journal)
        except OSError:
            return None
        with handle:
            handle.seek(0, os.SEEK_END)
            deadline, pending = time.time() + seconds, ""
            while time.time() < deadline:
                pending += handle.read()
                lines = pending.split("\n")
                pending = lines.pop()
                for line in lines:
                    if '"type":"intent"' in line:
                        match = re.search(r'"clientID":"([^"]+)"', line)
                        return match.group(1) if match else "intent"
                time.sleep(0.01)
        return None

    def drop_streams(self):
        entry = self.fault("market streams shut down (server_shutdown), then the user stream dropped (drop_user_stream)")
        messages = self.metric("streams", "spark_md_messages_total")
        bars = len(ops.store_bars(self.project.store))
        self.fake.fault("server_shutdown")
        # serverShutdown is a planned switch to a new connection (a "roll", not counted as a reconnect):
        # what matters is that market data keeps coming and bars keep being stored.
        flowing = ops.wait_for(lambda: self.metric("streams", "spark_md_messages_total") > messages + 20
                               and len(ops.store_bars(self.project.store)) >= bars + 3, 60, 1)
        self.check(entry, "market data and bars flow on after serverShutdown", flowing,
                   f"messages {messages:.0f} → {self.metric('streams', 'spark_md_messages_total'):.0f}, bars {bars} → {len(ops.store_bars(self.project.store))}")
        mark = self.recorder.now()
        self.fake.fault("drop_user_stream", during_fills=False)
        time.sleep(2)
        back = ops.wait_for(lambda: self.metric("executor", "spark_user_stream_connected") == 1, 60, 0.5)
        ready = self.wait_ready("executor", 60)
        entry["end"] = self.recorder.now()
        seen, detail = self.saw_not_ready("executor", mark, entry["end"])
        self.check(entry, "live user stream back (spark_user_stream_connected 1)", back)
        self.check(entry, "executor /readyz showed the user stream down (not promised for a sub-second drop)", seen,
                   detail or "no 503 seen: the session reconnected between two 0.25 s polls", observe=True)
        self.check(entry, "executor and streams /readyz 200 after", ready and self.wait_ready("streams", 60))

    def metric(self, service, name):
        return sum(value for metric, _, value in ops.parse_metrics(ops.scrape(self.project.url(service))) if metric == name)

    def stall_store(self):
        entry = self.fault("bar store and serve.sqlite held by an exclusive SQLite lock (12 s and 8 s)")
        before = len(ops.store_bars(self.project.store))
        self.hold_lock(self.project.store, 12)
        stalled_until = self.recorder.now()
        serve_db = os.path.join(self.project.state, "serve.sqlite")
        self.locked_submit = None

        def submit():
            result = self.project.remote("backtest", "quinn", "jobs", "submit", "--sweep", "data/lab/smoke.yaml", check=False)
            self.locked_submit = f"exit {result.returncode} {(result.stdout + result.stderr).strip()[:160]}"

        submitter = threading.Timer(2, submit)
        submitter.start()
        self.hold_lock(serve_db, 8)
        submitter.join(60)
        ops.wait_for(lambda: len(ops.store_bars(self.project.store)) >= before + 4, 60, 1)
        entry["end"] = self.recorder.now()
        after = len(ops.store_bars(self.project.store))
        self.check(entry, "bars stored again after the stall", after >= before + 4, f"{before} → {after} bars (stall ended at {stalled_until} s)")
        for service in ("streams", "backtest"):
            seen, detail = self.saw_not_ready(service, entry["start"], entry["end"])
            self.check(entry, f"{service} /readyz reflected the locked store (not promised)", seen, detail or "stayed 200", observe=True)
        self.check(entry, "a signed job submitted while serve.sqlite was locked is answered", self.locked_submit is not None,
                   f"{self.locked_submit}")
        self.check(entry, "every /readyz 200 after", all(self.wait_ready(name, 30) for name in ops.SERVICES))

    @staticmethod
    def hold_lock(path, seconds):
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            connection.execute("BEGIN EXCLUSIVE")
            time.sleep(seconds)
            connection.execute("ROLLBACK")
        finally:
            connection.close()

    def silence(self):
        seconds = self.options.silence_s
        entry = self.fault(f"market silent for {seconds} s (no bars, no trades; silent_stream on open connections)")
        reconnects = self.metric("streams", "spark_ws_reconnects_total")
        self.driver.paused.set()
        self.fake.fault("silent_stream")
        saw = ops.wait_for(lambda: ops.readyz(self.project.url("streams"))[0] == 503, 90, 1)
        time.sleep(max(0.0, seconds - (self.recorder.now() - entry["start"])))
        self.driver.paused.clear()
        ready = self.wait_ready("streams", 90)
        entry["end"] = self.recorder.now()
        _, detail = self.saw_not_ready("streams", entry["start"], entry["end"])
        self.check(entry, "streams /readyz 503 (no market data in the last minute)", saw, detail)
        self.check(entry, "streams /readyz 200 once bars flow again", ready)
        after = self.metric("streams", "spark_ws_reconnects_total")
        self.check(entry, "the streams service found the silent connection lost and reconnected", after > reconnects,
                   f"spark_ws_reconnects_total {reconnects:.0f} → {after:.0f}")
        entry["expect_alert"] = "SparkMarketDataStale"

    def full_disk(self):
        entry = self.fault(f"state directory's disk ({self.options.disk_mb} MiB tmpfs) filled")
        if not self.mounted:
            entry["end"] = self.recorder.now()
            entry["blocked"] = self.disk_status
            ops.log(f"  {self.disk_status}")
            return
        filler = os.path.join(self.mounted, "chaos-filler")
        descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(descriptor, b"\0" * 65536)
        except OSError:
            pass
        finally:
            os.close(descriptor)
        self.disk_status = "run"
        # The promised reason (docs/serve.md: "the state directory is writable"), not any 503.
        saw = ops.wait_for(lambda: any("cannot write" in r for r in ops.readyz(self.project.url("executor"))[1]), 15, 0.5)
        os.remove(filler)
        # Sessions that died meanwhile come back after the executor's doubling back-off.
        ready = self.wait_ready("executor", 120)
        entry["end"] = self.recorder.now()
        _, detail = self.saw_not_ready("executor", entry["start"], entry["end"])
        self.check(entry, "executor /readyz 503 naming the unwritable state directory", saw, detail)
        history = self.recorder.statuses("executor", entry["start"], entry["end"])
        traps = sorted({r for _, _, reasons in history for r in reasons if "signal" in r})
        self.check(entry, "no session process died of a signal (a clean exit, not a trap)", not traps, "; ".join(traps)[:300], observe=True)
        self.check(entry, "executor /readyz 200 once space is freed", ready)
        verify = self.project.spark("audit", "verify", check=False)
        self.check(entry, "the runtime and audit logs still verify (spark audit verify)", verify.returncode == 0,
                   next((line.strip() for line in (verify.stdout + verify.stderr).splitlines() if "error" in line), "")[:300])
        before = {m: ((s.get("status") or {}).get("bars") or 0) for m, s in self.sessions().items()}
        trading = ops.wait_for(lambda: all((self.sessions().get(m) or {}).get("state") == "running"
                                           and ((self.sessions().get(m) or {}).get("status") or {}).get("bars", 0) != before.get(m, 0) for m in ("paper", "live")), 45, 1)
        self.check(entry, "both sessions running and taking bars again", trading,
                   str({m: (s.get("state"), s.get("restarts"), (s.get("status") or {}).get("bars"), s.get("reason")) for m, s in self.sessions().items()}))

    # ----------------------------------------------------------------------------------- invariants

    def no_lost_bar(self):
        entry = self.fault("invariant: no lost bar")
        published = sorted(self.driver.times)
        wanted = set(published[:-1])   # the newest may still be in flight
        stored = ops.wait_for(lambda: (lambda bars: bars if wanted <= set(bars) else None)(ops.store_bars(self.project.store)), 60, 2) \
            or ops.store_bars(self.project.store)
        missing = sorted(wanted - set(stored))
        run = [t for t in stored if published and published[0] <= t <= published[-1]]
        gaps = [(a, b) for a, b in zip(run, run[1:]) if b - a != 60_000]
        self.check(entry, "every published bar is in the store", not missing, f"{len(published)} published, {len(stored)} stored, missing {missing[:5]}")
        self.check(entry, "stored bars are contiguous minutes", not gaps, f"gaps {gaps[:3]}")
        entry["end"] = self.recorder.now()
        return {"published": len(published), "stored": len(stored), "missing": len(missing), "gaps": len(gaps)}

    def no_lost_or_doubled_order(self):
        entry = self.fault("invariant: no lost or doubled order")
        journals = sorted({j for s in self.sessions().values() if s.get("request", {}).get("mode") == "live" for j in s.get("journals", [])})
        records = [r for j in journals for r in ops.journal_records(j)]
        intents = [r["intent"] for r in records if r.get("type") == "intent" and r.get("intent")]
        placed = {i["clientID"] for i in intents if i.get("action") in ("place", "place_list")}
        orders = [o for o in self.fake.state().get("orders", []) if o.get("apiKey") == ops.API_KEY]
        by_client = {}
        for order in orders:
            by_client.setdefault(order.get("clientOrderId"), []).append(order)
        doubled = {c: len(o) for c, o in by_client.items() if len(o) > 1}
        orphans = sorted(c for c in by_client if c not in placed)
        unsent = sorted(c for c in placed if c not in by_client)
        text = "\n".join(json.dumps(r) for r in records)
        unresolved = [c for c in unsent if text.count(c) < 2]
        self.check(entry, "live session placed orders", len(placed) > 0, f"{len(placed)} place intents, {len(orders)} orders on the fake")
        self.check(entry, "no intent has two orders on the fake", not doubled, str(doubled))
        self.check(entry, "every order on the fake has a journaled intent", not orphans, str(orphans[:5]))
        self.check(entry, "every intent without an order was resolved in the journal", not unresolved, f"unsent {unsent[:5]}")
        entry["end"] = self.recorder.now()
        return {"journals": journals, "intents": len(placed), "venue_orders": len(orders), "doubled": doubled, "orphans": orphans,
                "intents_without_order": unsent}

    # ----------------------------------------------------------------------------------- alerts

    def series_file(self):
        """promtool input_series from the scrapes: every family alerts.yml reads plus `up`, instance and
        job labels added, timestamps shifted so that the first scrape is time 0."""
        with open(ALERTS) as handle:
            families = set(re.findall(r"\bspark_[a-z0-9_]+", handle.read()))
        ticks = max(tick for tick, _, _ in self.recorder.scrapes) + 1
        series = {}
        for tick, service, text in self.recorder.scrapes:
            instance = f"127.0.0.1:{self.project.ports[service]}"
            series.setdefault(f'up{{instance="{instance}", job="spark"}}', {})[tick] = 1 if text is not None else 0
            for name, labels, value in ops.parse_metrics(text):
                if name not in families:
                    continue
                if name.endswith("_timestamp_seconds") and value > 1e9:
                    value = round(value - self.recorder.t0, 3)
                labels = dict(labels, instance=instance, job="spark")
                key = name + "{" + ", ".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"
                series.setdefault(key, {})[tick] = value
        lines = []
        for key, values in sorted(series.items()):
            out, seen = [], False
            for tick in range(ticks):
                if tick in values:
                    out.append(repr(values[tick]) if not float(values[tick]).is_integer() else str(int(values[tick])))
                    seen = True
                else:
                    out.append("stale" if seen and out and out[-1] not in ("stale", "_") else "_")
            lines.append({"series": key, "values": " ".join(out)})
        return lines, ticks

    def evaluate_alerts(self):
        """Runs promtool over the scraped series, expecting no alert at every EVAL_S step; the failures
        it prints are the alerts that did fire, by time and labels."""
        series, ticks = self.series_file()
        names = re.findall(r"- alert: (\S+)", open(ALERTS).read())
        end = (ticks - 1) * SCRAPE_S
        steps = list(range(0, end + 1, EVAL_S))
        test = {"rule_files": [ALERTS], "evaluation_interval": f"{SCRAPE_S}s",
                "tests": [{"interval": f"{SCRAPE_S}s", "input_series": series,
                           "alert_rule_test": [{"eval_time": f"{t}s", "alertname": n, "exp_alerts": []} for t in steps for n in names]}]}
        path = os.path.join(self.out, "chaos-promtool-test.yml")
        with open(path, "w") as handle:
            json.dump(test, handle)
        result = subprocess.run(["promtool", "test", "rules", path], capture_output=True, text=True)
        firing = {}   # (alert, labels text) -> [times]
        for block in re.split(r"\n\s*alertname: ", "\n" + result.stdout + result.stderr)[1:]:
            head = re.match(r"(\S+), time: (\S+?),", block)
            if not head:
                continue
            seconds = self.duration_s(head.group(2))
            for labels in re.findall(r"Labels:\{([^}]*)\}", block):
                firing.setdefault((head.group(1), labels), []).append(seconds)
        if result.returncode != 0 and not firing:
            self.violations.append(f"promtool test rules failed without alerts: {(result.stdout + result.stderr)[-400:]}")
        return firing, end, path

    @staticmethod
    def duration_s(text):
        total = 0.0
        for number, unit in re.findall(r"([\d.]+)(ms|h|m|s)", text):
            total += float(number) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
        return total

    def check_alerts(self):
        entry = self.fault("alerts (promtool test rules over the scraped series)")
        firing, end, path = self.evaluate_alerts()
        t0 = self.recorder.t0
        offset = lambda seconds: seconds  # promtool time 0 is the recorder's t0, as are fault times  # noqa: E731
        summary = []
        for (alert, labels), times in sorted(firing.items()):
            summary.append({"alert": alert, "labels": labels, "first_s": min(times), "last_s": max(times)})
        expected = []
        backtest = f"127.0.0.1:{self.project.ports['backtest']}"
        for fault in self.faults:
            wanted = None
            if fault["fault"].startswith("kill -9 backtest"):
                wanted = ("SparkDown", f'instance="{backtest}"')
            elif fault.get("expect_alert"):
                wanted = (fault["expect_alert"], "")
            if not wanted:
                continue
            hits = [s for s in summary if s["alert"] == wanted[0] and wanted[1] in s["labels"]
                    and s["first_s"] >= offset(fault["start"]) - EVAL_S and s["first_s"] <= offset(fault["end"]) + 2 * EVAL_S]
            expected.append(wanted[0])
            self.check(entry, f"{wanted[0]} fired during '{fault['fault']}'", bool(hits),
                       f"fired {hits[0]['first_s']:.0f}–{hits[0]['last_s']:.0f} s (fault {fault['start']:.0f}–{fault['end']:.0f} s)" if hits else "never")
            cleared = hits and hits[-1]["last_s"] < end
            self.check(entry, f"{wanted[0]} cleared after '{fault['fault']}'", bool(cleared),
                       f"last firing at {hits[-1]['last_s']:.0f} s of {end} s" if hits else "")
        unexpected = [s for s in summary if s["alert"] not in expected]
        self.check(entry, "no other alert fired", not unexpected, "; ".join(f"{s['alert']} {s['labels']} {s['first_s']:.0f}–{s['last_s']:.0f} s" for s in unexpected))
        down_quiet = [s for s in summary if s["alert"] == "SparkDown" and backtest not in s["labels"]]
        self.check(entry, "SparkDown quiet for the executor's and streams' short restarts", not down_quiet, str(down_quiet))
        at_end = [s for s in summary if s["last_s"] >= end]
        self.check(entry, "no alert firing at the end", not at_end, str(at_end))
        entry["end"] = self.recorder.now()
        del t0
        return {"firing": summary, "promtool_file": path, "evaluated_until_s": end}

    # ----------------------------------------------------------------------------------- run

    def run(self):
        started = time.time()
        results = {}
        try:
            self.start()
        except Exception as error:  # noqa: BLE001 - a canary that cannot start has failed
            self.violations.append(f"the canary could not start: {error!r}")
            self.teardown()
            return self.finish(results, started)
        try:
            self.warm_up()
            self.kill_service("executor", 3)
            self.kill_service("streams", 3)

            def during_backtest_outage():
                self.kill_switch()
                self.kill_session("paper")
                self.kill_session("live", at_intent=True)

            self.kill_service("backtest", 85, during=during_backtest_outage)
            self.drop_streams()
            self.stall_store()
            self.silence()
            self.full_disk()
        except Exception as error:  # noqa: BLE001 - a fault that cannot be injected is a failure; the invariants still run
            self.violations.append(f"a fault stopped the sequence: {error!r}")
            ops.log(f"a fault stopped the sequence: {error!r}")
        try:
            time.sleep(20)   # every alert's last evaluation sees the recovered state
            results["bars"] = self.no_lost_bar()
            results["orders"] = self.no_lost_or_doubled_order()
            answer = json.loads(ops.http("GET", f"{self.project.url('backtest')}/jobs/{self.job}")[1] or "{}")
            job = answer.get("job", answer)
            results["sweep_job"] = {"id": self.job, "state": job.get("state"), "attempts": job.get("attempts")}
            self.recorder.stop_event.set()
            self.recorder.join(5)
            results["alerts"] = self.check_alerts()
        except Exception as error:  # noqa: BLE001 - a canary that cannot finish has failed
            self.violations.append(f"the canary stopped: {error!r}")
            ops.log(f"the canary stopped: {error!r}")
        finally:
            self.teardown()
        return self.finish(results, started)

    def finish(self, results, started):
        results.update({
            "pass": not self.violations, "violations": self.violations, "seconds": round(time.time() - started, 1),
            "disk_fault": self.disk_status, "faults": self.faults, "build": "debug (.build/debug)", "work_directory": self.work,
            "readiness": getattr(self, "recorder", None) and self.recorder.ready,
        })
        with open(os.path.join(self.out, "chaos.json"), "w") as handle:
            json.dump(results, handle, indent=2, default=str)
        self.table(results)
        return 0 if not self.violations else 1

    def teardown(self):
        if hasattr(self, "recorder"):
            self.recorder.stop_event.set()
        if hasattr(self, "driver"):
            self.driver.stop_event.set()
        for name in ("executor", "backtest", "streams"):
            if name in self.processes:
                self.processes[name].stop()
        if hasattr(self, "fake"):
            self.fake.stop()
        if self.mounted:
            # The session logs and journals live on the tmpfs: keep a copy for the post-mortem.
            try:
                shutil.copytree(self.mounted, os.path.join(self.work, "state-copy"), dirs_exist_ok=True)
            except (OSError, shutil.Error) as error:
                ops.log(f"could not copy the state directory: {error}")
            for _ in range(20):
                if subprocess.run(["umount", self.mounted], capture_output=True).returncode == 0:
                    self.mounted = None
                    break
                time.sleep(0.5)
            if self.mounted:
                subprocess.run(["umount", "-l", self.mounted], capture_output=True)
                self.mounted = None

    def table(self, results):
        print(f"\n{'fault / invariant':74} {'check':62} ok")
        marks = {True: "yes", False: "NO"}
        for fault in self.faults:
            if fault.get("blocked"):
                print(f"{fault['fault'][:74]:74} {fault['blocked'][:62]:62} BLOCKED")
            for check in fault["checks"]:
                mark = marks[check["ok"]] if check.get("kind") != "observation" else ("obs: yes" if check["ok"] else "obs: no")
                print(f"{fault['fault'][:74]:74} {check['check'][:62]:62} {mark}")
        for alert in (results.get("alerts") or {}).get("firing", []):
            print(f"  alert {alert['alert']} {{{alert['labels']}}} firing {alert['first_s']:.0f}–{alert['last_s']:.0f} s")
        print(f"\nchaos {'PASSED' if results['pass'] else 'FAILED'} in {results['seconds']} s; {len(self.violations)} violation(s); "
              f"results {self.out}/chaos.json")
        for violation in self.violations:
            print(f"  violated: {violation}")


def main():
    # Background jobs start with SIGINT ignored; either signal ends the run through its clean-up.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(ops.REPO, "out", "chaos"))
    parser.add_argument("--bar-every", type=float, default=3.0, help="seconds between closed 1m bars on the fake")
    parser.add_argument("--silence-s", type=int, default=140, help="market silence (SparkMarketDataStale needs > 120 s)")
    parser.add_argument("--disk-mb", type=int, default=16, help="size of the tmpfs under the state directory")
    return Chaos(parser.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
