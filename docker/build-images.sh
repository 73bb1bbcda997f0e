#!/usr/bin/env bash
# Builds the images of the Docker Compose cluster on a machine that reaches no image registry,
# only Debian's package archive:
#
#   dlsim/jre17-base:bookworm       Debian bookworm + OpenJDK 17 JRE + fontconfig and a font
#                                   (the report draws its charts with Java2D), made with
#                                   debootstrap and `docker import`; skipped when it exists
#   dlsim/dlsim:local               docker/Dockerfile on that base, with the shaded jar
#   dlsim/prometheus-base:bookworm  Debian bookworm + Debian's prometheus package (debootstrap)
#   dlsim/prometheus:local          docker/prometheus/Dockerfile on that base (entrypoint the
#                                   prometheus binary, config docker/prometheus/prometheus.yml)
#
# The Debian mirror is read from this machine's apt sources (override: DEBOOTSTRAP_MIRROR).
# On a host that can pull images none of this is needed: `docker compose build` uses the
# Dockerfile's default public JRE 17 base image (see README, "Docker Compose cluster").
#
# Usage: docker/build-images.sh [--app-only] [--no-jar-build] [--rebuild-base]
#   --app-only      only the dlsim and prometheus images on existing base images (no debootstrap)
#   --no-jar-build  use simulator/target/dlsim.jar as it is (fail when it is missing)
#   --rebuild-base  rebuild the debootstrap base images even when they exist
# Environment: DLSIM_IMAGE, PROMETHEUS_IMAGE, DLSIM_BASE_IMAGE, PROMETHEUS_BASE_IMAGE (names),
#   DEBOOTSTRAP_MIRROR, DEBOOTSTRAP_SUITE (default bookworm).
# Idempotent; exits non-zero with a message naming the step that failed. Needs root for
# debootstrap (the base images only) and a running Docker daemon (docker/install-docker.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/simulator/target/dlsim.jar"
SUITE="${DEBOOTSTRAP_SUITE:-bookworm}"
JRE_BASE="${DLSIM_BASE_IMAGE:-dlsim/jre17-base:$SUITE}"
DLSIM_IMAGE="${DLSIM_IMAGE:-dlsim/dlsim:local}"
PROM_BASE="${PROMETHEUS_BASE_IMAGE:-dlsim/prometheus-base:$SUITE}"
PROM_IMAGE="${PROMETHEUS_IMAGE:-dlsim/prometheus:local}"
# PATH and locale for images made by `docker import`, which carry no configuration of their own.
IMPORT_ENV=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'ENV LANG=C.UTF-8')

app_only=false
build_jar=true
rebuild_base=false
for arg in "$@"; do
  case "$arg" in
    --app-only) app_only=true ;;
    --no-jar-build) build_jar=false ;;
    --rebuild-base) rebuild_base=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "== build-images: $*"; }
die() { echo "build-images: error: $*" >&2; exit 1; }
step_started=$SECONDS
took() { echo "$((SECONDS - step_started))s"; }

command -v docker >/dev/null || die "no docker client; run docker/install-docker.sh first"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
  || die "no Docker daemon answers; run docker/install-docker.sh first (it starts dockerd)"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
image_size() { docker image inspect --format '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1 / 1e6}'; }

# The first Debian archive URI of this machine's apt sources that serves the main suite (not
# -security or -updates), from deb822 .sources files or one-line .list files.
apt_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    uri="$(awk '
      function flush() { if (uris != "" && suites ~ /(^| )[a-z]+( |$)/ && types ~ /(^| )deb( |$)/) { split(uris, u, " "); print u[1]; found = 1; exit } uris = suites = types = "" }
      /^[ \t]*$/ { flush(); next }
      /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
      END { if (!found) flush() }' "$f")"
    [[ -n "$uri" ]] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    uri="$(awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } if ($(i + 1) ~ /^[a-z]+$/) { print $i; exit } }' "$f")"
    [[ -n "$uri" ]] && { echo "$uri"; return; }
  done
}

# debootstrap_import IMAGE PACKAGES...: a minbase Debian root file system with PACKAGES,
# imported as IMAGE.
debootstrap_import() {
  local image="$1" include
  shift
  include="$(IFS=,; echo "$*")"
  ((EUID == 0)) || die "debootstrap needs root to build $image"
  command -v debootstrap >/dev/null || die "debootstrap is missing; run docker/install-docker.sh first"
  local mirror="${DEBOOTSTRAP_MIRROR:-$(apt_mirror)}"
  [[ -n "$mirror" ]] || die "no Debian mirror found in /etc/apt/sources.list*; set DEBOOTSTRAP_MIRROR"
  local dir log
  dir="$(mktemp -d /var/tmp/dlsim-rootfs.XXXXXX)"
  log="$dir.log"
  # shellcheck disable=SC2064
  trap "rm -rf '$dir'" EXIT
  say "$image: debootstrap --variant=minbase --include=$include $SUITE (mirror from apt sources: $mirror; log $log)"
  step_started=$SECONDS
  if ! debootstrap --variant=minbase --include="$include" "$SUITE" "$dir" "$mirror" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "debootstrap for $image failed; see $log"
  fi
  # Package caches and lists are not needed at run time.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/var/log/*.log
  say "$image: importing the root file system ($(du -sh "$dir" | cut -f1))"
  tar -C "$dir" --numeric-owner -c . | docker import "${IMPORT_ENV[@]}" - "$image" >/dev/null \
    || die "docker import of $image failed"
  rm -rf "$dir" "$log"
  trap - EXIT
  say "$image: built in $(took), $(image_size "$image")"
}

base_image() {
  local image="$1"
  shift
  if image_exists "$image" && ! $rebuild_base; then
    say "$image exists ($(image_size "$image")); not rebuilt (--rebuild-base to force)"
  elif $app_only; then
    die "$image is missing; run docker/build-images.sh without --app-only first"
  else
    debootstrap_import "$image" "$@"
  fi
}

# build_image NAME DOCKER-BUILD-ARGS...: docker build, quietly unless it fails; the image the
# name pointed to before is removed when nothing else uses it (each new jar is a new layer of
# about 150 MB, and the ITs rebuild the image from the jar they test).
build_image() {
  local name="$1" old new err
  shift
  old="$(docker image inspect --format '{{.Id}}' "$name" 2>/dev/null || true)"
  err="$(mktemp)"
  if ! docker build -q -t "$name" "$@" >/dev/null 2>"$err"; then
    grep -v -e 'DEPRECATED: The legacy builder' -e 'buildx' -e 'BuildKit' "$err" >&2 || true
    rm -f "$err"
    die "docker build of $name failed"
  fi
  rm -f "$err"
  new="$(docker image inspect --format '{{.Id}}' "$name")"
  if [[ -n "$old" && "$old" != "$new" ]]; then
    docker image rm "$old" >/dev/null 2>&1 || true
  fi
}

# The jar is stale when a source, resource or build file is newer (as ./dlsim decides).
jar_is_stale() {
  [[ ! -f "$JAR" ]] && return 0
  [[ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o -path '*/target' -prune -o -path "$ROOT/.dlsim-build" -prune -o \
    -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$JAR" -print -quit)" ]]
}

# 1. The JRE base image.
base_image "$JRE_BASE" openjdk-17-jre-headless fontconfig fonts-dejavu-core
docker run --rm --entrypoint java "$JRE_BASE" -version >/dev/null 2>&1 \
  || die "$JRE_BASE has no working java"

# 2. The jar, then the dlsim image.
if $build_jar && jar_is_stale; then
  command -v mvn >/dev/null || die "Maven (mvn) is needed to build the jar"
  say "building the jar: mvn -B -q -DskipTests package (log target/build-images-mvn.log)"
  step_started=$SECONDS
  mkdir -p "$ROOT/target"
  if ! (cd "$ROOT" && mvn -B -q -DskipTests package) >"$ROOT/target/build-images-mvn.log" 2>&1; then
    tail -n 40 "$ROOT/target/build-images-mvn.log" >&2
    die "the jar build failed; see target/build-images-mvn.log"
  fi
  say "jar built in $(took)"
else
  [[ -f "$JAR" ]] || die "$JAR is missing (build it with mvn -DskipTests package)"
  say "using $JAR as it is ($(du -h "$JAR" | cut -f1))"
fi
say "$DLSIM_IMAGE: docker build -f docker/Dockerfile --build-arg BASE_IMAGE=$JRE_BASE"
step_started=$SECONDS
build_image "$DLSIM_IMAGE" -f "$ROOT/docker/Dockerfile" --build-arg "BASE_IMAGE=$JRE_BASE" "$ROOT"
docker run --rm "$DLSIM_IMAGE" --version >/dev/null 2>&1 || die "$DLSIM_IMAGE does not run 'dlsim --version'"
say "$DLSIM_IMAGE: built in $(took), $(image_size "$DLSIM_IMAGE") ($(docker run --rm "$DLSIM_IMAGE" --version | head -n 1))"

# 3. Prometheus.
base_image "$PROM_BASE" prometheus
say "$PROM_IMAGE: docker build docker/prometheus --build-arg BASE_IMAGE=$PROM_BASE"
step_started=$SECONDS
build_image "$PROM_IMAGE" --build-arg "BASE_IMAGE=$PROM_BASE" "$ROOT/docker/prometheus"
docker run --rm "$PROM_IMAGE" --version >/dev/null 2>&1 || die "$PROM_IMAGE does not run 'prometheus --version'"
say "$PROM_IMAGE: built in $(took), $(image_size "$PROM_IMAGE") ($(docker run --rm "$PROM_IMAGE" --version 2>&1 | head -n 1))"
say "done: $DLSIM_IMAGE, $PROM_IMAGE (run: cd docker && PROMETHEUS_IMAGE=dlsim/prometheus:local docker-compose up)"
