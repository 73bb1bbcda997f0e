#!/usr/bin/env bash
# Issue 11, goal 2: `./dlsim bench` (any arguments) while one other busy process (a single
# spinning thread) shares the machine, as when a build or a second experiment runs alongside.
# Prints the bench table and the JVM's voluntary/involuntary context switches (thread hand-overs).
set -euo pipefail
cd "$(dirname "$0")/../.."
# The spinner holds none of our pipes and dies with this script however it ends: a spinner left
# running skews every later measurement without a trace in its output.
python3 -c 'while True: pass' </dev/null >/dev/null 2>&1 &
busy=$!
trap 'kill $busy 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM HUP PIPE
/usr/bin/time -f "context switches: %w voluntary, %c involuntary; %e s wall, %U s user" ./dlsim bench "$@"
