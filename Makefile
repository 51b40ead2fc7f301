# Spark — two commands do everything on a fresh Debian machine with Swift:
#   make demo   install what is missing, build, run the bundled backtest and print its report
#   make test   same set-up, then the whole test suite
#   make install   build, then copy spark to $(PREFIX)/bin (default ~/.local/bin) so `spark` is on PATH
SWIFT ?= swift
SPARK  = .build/debug/spark
PREFIX ?= $(HOME)/.local

.PHONY: setup build demo test install install-binary bench callgrind chaos soak clean

setup:
	@bash .ci/setup

build: setup
	$(SWIFT) build --product spark
	$(SWIFT) build --product spark-fake-binance

demo: build
	$(SPARK) demo

# Four test processes, one after the other. The loopback suites (the fake exchange, the gateway, the
# market feed, live sessions, spark live processes, the kline and data fetchers against the fake exchange, and
# spark serve) time their waits on the wall clock; in one
# process with the CPU-bound suites they starve on a 2-core machine's cooperative thread pool and time
# out. The demo test runs the whole demo (its live step included) on its own for the same reason.
NETWORK_TESTS = LiveLaunchTests|FakeBinanceTests|BinanceNetTests|MarketStreamTests|LivePaperFeedTests|KlineFetcherTests|DataFetchTests
# spark serve's tests start servers and session processes (each a spark process): one test at a time.
SERVE_TESTS = ServeTests
DEMO_TESTS = DemosTests

test: setup
	$(SWIFT) build --build-tests
	deploy/check
	$(SWIFT) test --skip-build --skip '$(NETWORK_TESTS)|$(SERVE_TESTS)|$(DEMO_TESTS)'
	$(SWIFT) test --skip-build --filter '$(NETWORK_TESTS)'
	$(SWIFT) test --skip-build --no-parallel --filter '$(SERVE_TESTS)'
	$(SWIFT) test --skip-build --filter '$(DEMO_TESTS)'

install: build
	@$(MAKE) --no-print-directory install-binary

# Copies the built binary (a copy, not a link: it survives `make clean`).
install-binary:
	@install -d "$(PREFIX)/bin"
	@install -m 755 "$(SPARK)" "$(PREFIX)/bin/spark"
	@echo "installed $(PREFIX)/bin/spark"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "add it to PATH: export PATH=\"$(PREFIX)/bin:\$$PATH\"";; esac

# Release-mode benchmarks: JSON lines on stdout, build output on stderr. The release spark binary
# is built too: the whole-process figures (startup.ms, backtest.whole_process.*) run it.
bench: setup
	@$(SWIFT) build -c release --product spark 1>&2
	@$(SWIFT) build -c release --product SparkBench 1>&2
	@.build/release/SparkBench

# Instructions per backtest bar under valgrind's callgrind (deterministic): JSON lines on stdout.
callgrind:
	@SPARK_SETUP_CALLGRIND=1 bash .ci/setup
	@$(SWIFT) build -c release --product spark 1>&2
	@bench/callgrind-per-bar.sh .build/release/spark

# Chaos canary and soak against spark-fake-binance (debug build; neither is part of `make test` or CI):
# docs/operations.md, "Chaos canary" and "Soak". Results under out/chaos and out/soak.
DURATION ?= 45m
OPS_VENV = out/venv

chaos: build
	python3 ops/chaos.py

soak: build $(OPS_VENV)/bin/python
	$(OPS_VENV)/bin/python ops/soak.py --duration $(DURATION)

# The soak's chart needs matplotlib: a virtual environment under out/ (make clean removes it).
$(OPS_VENV)/bin/python:
	python3 -m venv $(OPS_VENV)
	$(OPS_VENV)/bin/pip install -q matplotlib pyyaml

clean:
	rm -rf .build out
