#!/usr/bin/env bash
# Installs what the Docker Compose cluster and its tests need on a Debian machine, from Debian's
# packages only: the Docker engine (docker.io), docker-compose 1.29 and debootstrap (the base
# images are built with it, see build-images.sh). Then makes sure a Docker daemon answers:
# when `docker version` cannot reach one, starts dockerd in the background and waits for it.
#
# Idempotent: installs only what is missing, starts dockerd only when no daemon answers.
# Needs root (apt-get, dockerd). Used by .ci/run; safe to run by hand.
#
# Environment:
#   DOCKERD_WAIT_SECONDS  how long to wait for a started daemon (default 60)
#   DOCKERD_LOG           dockerd's log file (default /var/log/dlsim-dockerd.log)
set -euo pipefail

WAIT="${DOCKERD_WAIT_SECONDS:-60}"
LOG="${DOCKERD_LOG:-/var/log/dlsim-dockerd.log}"

say() { echo "== install-docker: $*"; }
die() { echo "install-docker: error: $*" >&2; exit 1; }

need=()
# A docker client alone (some images ship one) is not an engine: look for the daemon.
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v debootstrap >/dev/null || need+=(debootstrap)

if ((${#need[@]})); then
  ((EUID == 0)) || die "need root to install ${need[*]}"
  say "installing ${need[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
else
  say "dockerd, docker-compose and debootstrap are installed"
fi
command -v docker >/dev/null || die "no docker client after installing docker.io"

daemon_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if daemon_answers; then
  say "a Docker daemon answers (server $(docker version --format '{{.Server.Version}}'))"
else
  ((EUID == 0)) || die "no Docker daemon answers and starting one needs root"
  if [[ -S /var/run/docker.sock ]] && ! pgrep -x dockerd >/dev/null; then
    rm -f /var/run/docker.sock  # left over from a daemon that is gone
  fi
  if pgrep -x dockerd >/dev/null; then
    say "dockerd is running but not answering yet; waiting for it"
  else
    # containerd: docker.io starts its own when none is running.
    say "no Docker daemon answers; starting dockerd in the background (log: $LOG)"
    mkdir -p "$(dirname "$LOG")"
    nohup dockerd >>"$LOG" 2>&1 </dev/null &
    disown || true
  fi
  for ((i = 0; i < WAIT; i++)); do
    daemon_answers && break
    sleep 1
  done
  if ! daemon_answers; then
    tail -n 30 "$LOG" >&2 || true
    die "dockerd did not answer within ${WAIT}s; see $LOG"
  fi
  say "dockerd answers after ~${i}s (server $(docker version --format '{{.Server.Version}}'))"
fi
say "docker-compose: $(docker-compose version --short 2>/dev/null || echo '?')"
