# Spark — two commands do everything on a fresh Debian machine with Swift:
#   make demo   install what is missing, build, run the bundled backtest and print its report
#   make test   same set-up, then the whole test suite
SWIFT ?= swift
SPARK  = .build/debug/spark

.PHONY: setup build demo test bench callgrind soak clean

setup:
	@bash .ci/setup

build: setup
	$(SWIFT) build --product spark

demo: build
	$(SPARK) demo

test: setup
	$(SWIFT) test

# Release-mode benchmarks: JSON lines on stdout, build output on stderr.
bench: setup
	@$(SWIFT) build -c release --product SparkBench 1>&2
	@.build/release/SparkBench

# Instructions per backtest bar under valgrind's callgrind (deterministic): JSON lines on stdout.
callgrind:
	@SPARK_SETUP_CALLGRIND=1 bash .ci/setup
	@$(SWIFT) build -c release --product spark 1>&2
	@bench/callgrind-per-bar.sh .build/release/spark

clean:
	rm -rf .build out
