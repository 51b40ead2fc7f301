"""Shared parts of `make chaos` and `make soak`: a throwaway Spark project approved for paper and live
on spark-fake-binance, the fake and `spark serve` as child processes, the signed CLI, scrapes.

Everything here drives the built binaries (.build/debug/spark and spark-fake-binance) the way an
operator would: keys, proposals and approvals through `spark keys|params|policy`, sessions and jobs
through `spark sessions|jobs --server`, faults through the fake's unsigned /fake/ control API.
"""
import base64
import hashlib
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, ".build", "debug")
SPARK = os.path.join(BIN, "spark")
FAKE = os.path.join(BIN, "spark-fake-binance")
SYMBOL = "BTCUSDT"
API_KEY = "ops-api-key"
SERVICES = ("executor", "backtest", "streams")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method, url, body=None, timeout=5):
    """(status, text) of a request; status 0 when nothing answered."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, TimeoutError):
        return 0, ""


def wait_for(predicate, seconds, step=0.25):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def require_binaries():
    missing = [path for path in (SPARK, FAKE) if not os.access(path, os.X_OK)]
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: run `swift build --product spark && swift build --product spark-fake-binance`")


class Fake:
    """spark-fake-binance on a free port, one HMAC account with USDT and BTC."""

    def __init__(self, directory):
        self.directory = directory
        self.secret = base64.b16encode(os.urandom(16)).decode().lower()
        self.secret_file = os.path.join(directory, "fake-hmac-secret")
        with open(self.secret_file, "w") as handle:
            handle.write(self.secret)
        os.chmod(self.secret_file, 0o600)
        port_file = os.path.join(directory, "fake.port")
        self.log = open(os.path.join(directory, "fake.log"), "ab")
        self.process = subprocess.Popen(
            [FAKE, "--port", "0", "--port-file", port_file, "--api-key", API_KEY, "--hmac-secret-file", self.secret_file,
             "--balances", "USDT=100000,BTC=1", "--price", "30000"], stdout=self.log, stderr=self.log)
        text = wait_for(lambda: open(port_file).read().strip() if os.path.exists(port_file) else "", 20)
        if not text:
            raise SystemExit("spark-fake-binance did not start listening within 20 s")
        self.port = int(text)
        self.url = f"http://127.0.0.1:{self.port}"

    def control(self, path, body):
        status, text = http("POST", f"{self.url}/fake/{path}", body)
        if status != 200:
            raise RuntimeError(f"/fake/{path} answered {status}: {text}")
        return json.loads(text or "{}")

    def fault(self, kind, **fields):
        return self.control("faults", {"faults": [dict(kind=kind, **fields)]})

    def bar(self, open_time_ms, close, open_=None):
        open_ = close if open_ is None else open_
        self.control("bar", {"symbol": SYMBOL, "open": open_, "high": max(open_, close) + 5, "low": min(open_, close) - 5,
                             "close": close, "volume": 2, "openTime": open_time_ms})

    def state(self):
        status, text = http("GET", f"{self.url}/fake/state", timeout=10)
        return json.loads(text) if status == 200 else {}

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class BarDriver(threading.Thread):
    """Closed 1-minute bars on the fake every `every` seconds (a minute of market time each, starting far
    enough back that the last one is about now) and a trade every second between them."""

    def __init__(self, fake, every, count, wave=17.0):
        """`count` bars before now: a negative count starts that many minutes back and runs into the
        future (market time ahead of the clock, so the stale-data breaker never sees an old bar)."""
        super().__init__(daemon=True)
        self.fake, self.every, self.wave = fake, every, wave
        self.minute = (int(time.time()) // 60 - abs(count) - 2) * 60_000
        self.stop_event = threading.Event()
        self.published = 0
        self.times = []
        self.errors = 0
        self.paused = threading.Event()

    def price(self, step):
        # Slow waves so sma_cross crosses every few dozen bars: the sessions trade, the journals grow.
        return round(30_000 + 400 * math.sin(step / self.wave) + 150 * math.sin(step / 5.0), 2)

    def run(self):
        step = 0
        while not self.stop_event.is_set():
            if not self.paused.is_set():
                try:
                    close = self.price(step)
                    self.fake.bar(self.minute, close, open_=self.price(step - 1))
                    self.times.append(self.minute)
                    self.minute += 60_000
                    self.published += 1
                    step += 1
                except Exception:  # noqa: BLE001 - a refused bar is counted, the soak goes on
                    self.errors += 1
            for tick in range(int(self.every)):
                if self.stop_event.wait(1):
                    return
                if tick < self.every - 1 and not self.paused.is_set():
                    try:
                        self.fake.control("price", {"symbol": SYMBOL, "price": self.price(step - 1) + (tick % 3 - 1)})
                    except Exception:  # noqa: BLE001
                        self.errors += 1



class Project:
    """A throwaway copy of the repo's strategies, params, policies and sample data whose keys approve
    sma_cross for paper and live on BTCUSDT, with live credentials pinned to its risk keys."""

    KEYS = (("quinn", "quant"), ("rita", "risk"), ("ravi", "risk"), ("olga", "operator"))

    def __init__(self, root, fake, ports, restart_backoff_ms=500, restart_limit=10, prepare=None, params=None):
        self.root = root
        self.params = "params/sma_cross/default.yaml"
        self.keys = os.path.join(root, "keys")
        self.ports = ports
        os.makedirs(os.path.join(root, "data"), exist_ok=True)
        for folder in ("policies", "strategies", "params"):
            shutil.copytree(os.path.join(REPO, folder), os.path.join(root, folder))
        for item in ("sample", "lab"):
            shutil.copytree(os.path.join(REPO, "data", item), os.path.join(root, "data", item))
        shutil.copy(os.path.join(REPO, "data", "instruments.yaml"), os.path.join(root, "data", "instruments.yaml"))
        if params:
            # A faster param set (e.g. for the short chaos run): approved like any other.
            self.params = "params/sma_cross/ops.yaml"
            with open(os.path.join(root, self.params), "w") as handle:
                handle.write("strategy: sma_cross\ndescription: ops runs\nvalues:\n" + "".join(f"  {k}: {v}\n" for k, v in params.items()))
        if prepare:
            prepare(root)
        self.credentials = os.path.join(os.path.dirname(root), "binance-live.yaml")
        serve = (f"serve: {{ executor_port: {ports['executor']}, backtest_port: {ports['backtest']}, streams_port: {ports['streams']}, "
                 f"restart_backoff_ms: {restart_backoff_ms}, restart_limit: {restart_limit}, stream_symbols: [{SYMBOL}], "
                 f"stream_interval: 1m, market_url: \"{fake.url}\" }}")
        live = (f"live: {{ account: ops1, request_timeout_ms: 10000, rest_url: \"{fake.url}\", ws_api_url: \"ws://127.0.0.1:{fake.port}/ws-api/v3\", "
                f"stream_url: \"ws://127.0.0.1:{fake.port}\", credentials: \"{self.credentials}\" }}")
        with open(os.path.join(root, "spark.yaml"), "w") as handle:
            handle.write(f"spark: 1\nname: ops\n{serve}\n{live}\n")
        self._approve(fake)
        self._pin(fake)

    def spark(self, *arguments, check=True, timeout=120):
        result = subprocess.run([SPARK, *arguments], cwd=self.root, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"spark {' '.join(arguments)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def _approve(self, fake):
        for name, role in self.KEYS:
            self.spark("keys", "new", "--name", name, "--role", role, "--key-dir", self.keys)
        # A throwaway desk has no paper record: the promotion rule asks for none, and that policy
        # change is itself approved by risk like every other policy file.
        path = os.path.join(self.root, "policies", "approval.yaml")
        with open(path) as handle:
            text = handle.read()
        text = re.sub(r"min_paper_days: \d+", "min_paper_days: 0", text)
        text = re.sub(r"min_paper_trades: \d+", "min_paper_trades: 0", text)
        text = re.sub(r"max_drawdown: [0-9.]+", "max_drawdown: 1.0", text)
        with open(path, "w") as handle:
            handle.write(text)
        for name in sorted(os.listdir(os.path.join(self.root, "policies"))):
            if name.endswith(".yaml"):
                out = self.spark("policy", "propose", f"policies/{name}", "--reason", "ops desk", "--key", "ravi", "--key-dir", self.keys).stdout
                self.spark("params", "approve", self._proposal(out), "--key", "rita", "--key-dir", self.keys)
        for env, approvers in (("paper", ("rita",)), ("live", ("rita", "ravi"))):
            if env == "live":
                self._paper_record(fake)
            out = self.spark("params", "propose", self.params, "--env", env, "--reason", "ops desk", "--key", "quinn",
                             "--key-dir", self.keys, "--symbols", SYMBOL, "--no-evidence").stdout
            for approver in approvers:
                self.spark("params", "approve", self._proposal(out), "--key", approver, "--key-dir", self.keys)

    def _paper_record(self, fake):
        """A live proposal needs a paper record (one real-time session on a live feed is enough for the
        relaxed promotion rule): a two-bar paper session on the fake."""
        os.makedirs(os.path.join(self.root, "out"), exist_ok=True)
        session = subprocess.Popen(
            [SPARK, "paper", "--strategy", "strategies/sma_cross.lua", "--symbol", SYMBOL, "--params", self.params,
             "--feed", f"binance:{SYMBOL}", "--market-url", fake.url, "--bars", "2", "--journal", "out/paper-record.jsonl"],
            cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        minute = (int(time.time()) // 60 - 4) * 60_000
        deadline = time.time() + 60
        while session.poll() is None and time.time() < deadline:
            time.sleep(1.5)
            fake.bar(minute, 30_000)
            minute += 60_000
        if session.poll() is None:
            session.kill()
        output = session.communicate()[0]
        if session.returncode != 0:
            raise RuntimeError(f"the paper session for the paper record exited {session.returncode}:\n{output[-2000:]}")

    @staticmethod
    def _proposal(output):
        match = re.search(r"proposal (\S+):", output)
        if not match:
            raise RuntimeError(f"no proposal id in: {output}")
        return match.group(1)

    def _pin(self, fake):
        import yaml
        with open(os.path.join(self.root, "approvals", "keys.yaml")) as handle:
            document = yaml.safe_load(handle)
        entries = document.get("keys") if isinstance(document, dict) else document
        pins = [hashlib.sha256(base64.b64decode(entry["public_key"])).hexdigest() for entry in entries if "risk" in (entry.get("roles") or [])]
        if len(pins) != 2:
            raise RuntimeError(f"expected two risk keys in keys.yaml, found {len(pins)}")
        with open(self.credentials, "w") as handle:
            handle.write(f"api_key: {API_KEY}\nhmac_secret: {fake.secret}\nproject_root: {self.root}\nrisk_key_fingerprints:\n"
                         + "".join(f"  - {pin}\n" for pin in pins))
        os.chmod(self.credentials, 0o600)

    def url(self, service):
        return f"http://127.0.0.1:{self.ports[service]}"

    def remote(self, service, key, *arguments, check=True):
        """A signed CLI call to a running service: `spark ARGS --server URL --key KEY --key-dir DIR`."""
        return self.spark(*arguments, "--server", self.url(service), "--key", key, "--key-dir", self.keys, check=check)

    def start_paper(self):
        out = self.remote("executor", "quinn", "sessions", "start", "--mode", "paper", "--strategy", "strategies/sma_cross.lua",
                          "--symbol", SYMBOL, "--feed", f"binance:{SYMBOL}", "--params", self.params,
                          "--market-url", self.url("streams")).stdout
        return json.loads(out)

    def start_live(self):
        out = self.remote("executor", "rita", "sessions", "start", "--mode", "live", "--strategy", "strategies/sma_cross.lua",
                          "--symbol", SYMBOL, "--params", self.params).stdout
        return json.loads(out)

    def session(self, session_id):
        status, text = http("GET", f"{self.url('executor')}/sessions/{session_id}")
        return json.loads(text) if status == 200 else {}

    @property
    def state(self):
        return os.path.join(self.root, "state")

    @property
    def store(self):
        return os.path.join(self.root, "out", "spark.db")


class Serve:
    """`spark serve [SERVICE...]` in the project, logging to a file; restartable."""

    def __init__(self, project, services, directory, name):
        self.project = project
        self.services = list(services)
        self.log_path = os.path.join(directory, f"serve-{name}.log")
        self.ports_file = os.path.join(directory, f"serve-{name}.ports.json")
        self.process = None
        self.start()

    def start(self):
        if os.path.exists(self.ports_file):
            os.remove(self.ports_file)
        log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen([SPARK, "serve", *self.services, "--ports-file", self.ports_file], cwd=self.project.root,
                                        stdout=log_file, stderr=log_file, start_new_session=True)
        if not wait_for(lambda: os.path.exists(self.ports_file) or self.process.poll() is not None, 60) or self.process.poll() is not None:
            raise RuntimeError(f"spark serve {' '.join(self.services)} did not start; see {self.log_path}")

    @property
    def pid(self):
        return self.process.pid

    def kill9(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout=60):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                return self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                return self.process.wait()
        return self.process.returncode if self.process else None


def scrape(url):
    status, text = http("GET", url + "/metrics")
    return text if status == 200 else None


def readyz(url):
    status, text = http("GET", url + "/readyz")
    try:
        reasons = json.loads(text).get("reasons", []) if text else []
    except ValueError:
        reasons = [text]
    return status, reasons


SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)")


def parse_metrics(text):
    """[(name, {labels}, value)] of a Prometheus text scrape."""
    samples = []
    for line in (text or "").splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        if not match:
            continue
        labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', match.group(2) or ""))
        try:
            samples.append((match.group(1), labels, float(match.group(3))))
        except ValueError:
            continue
    return samples


def histogram_quantile(q, buckets):
    """Prometheus's histogram_quantile over [(le, cumulative count)], le as float (inf included)."""
    buckets = sorted(buckets)
    if not buckets or buckets[-1][1] <= 0:
        return None
    total = buckets[-1][1]
    rank = q * total
    previous_le, previous_count = 0.0, 0.0
    for le, count in buckets:
        if count >= rank:
            if le == float("inf"):
                return previous_le
            if count == previous_count:
                return le
            return previous_le + (le - previous_le) * (rank - previous_count) / (count - previous_count)
        previous_le, previous_count = le, count
    return buckets[-1][0]


def store_bars(path, interval="1m"):
    """Open times (ms) of the symbol's bars in the bar store, read with a short busy timeout."""
    import sqlite3
    if not os.path.exists(path):
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        rows = connection.execute(
            "SELECT b.open_time FROM bar b JOIN series s ON s.id = b.series WHERE s.symbol = ? AND s.interval = ? ORDER BY b.open_time",
            (SYMBOL, interval)).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def journal_records(path):
    records = []
    try:
        with open(path) as handle:
            for line in handle:
                line = line.strip()
                if line:
                    try:
                        records.append(json.loads(line))
                    except ValueError:
                        pass
    except OSError:
        pass
    return records


def find_key(value, key):
    """Every value of `key` anywhere inside a JSON value."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name == key:
                yield item
            yield from find_key(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from find_key(item, key)


def proc_stats(pid):
    """(RSS bytes, open fds) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            rss = next((int(line.split()[1]) * 1024 for line in handle if line.startswith("VmRSS:")), 0)
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        return rss, fds
    except (OSError, StopIteration):
        return None


def tree_bytes(path):
    total = 0
    for directory, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(directory, name))
            except OSError:
                pass
    return total
