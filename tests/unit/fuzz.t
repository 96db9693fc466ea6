#!/bin/sh
# Runs the libFuzzer target for FUZZ_SECONDS (default 60) and reports it as
# one TAP test; a crash, leak or model mismatch fails it with the fuzzer's
# report and the input that caused it kept under build/.
set -u
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
echo "1..1"
if make -s fuzz FUZZ_SECONDS="$seconds" >build/fuzz.log 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz.log)
	echo "ok 1 - fuzzed the pool engine for ${seconds}s, $runs programs, no failure"
else
	sed 's/^/# /' build/fuzz.log | tail -40
	echo "not ok 1 - the fuzzer found a failure (see tests/unit/build/fuzz.log)"
	exit 1
fi
