# Shared by scripts/run and scripts/test (sourced, not run).
# shellcheck shell=bash

GOLANGCI_LINT_VERSION=v2.15.0

step() { printf '\n==> %s\n' "$*"; }

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# require_tools checks the toolchains the README lists, so a missing one is
# named rather than failing later with a confusing message. (neo4jctl checks
# the Java version itself.)
require_tools() {
  local tool
  for tool in go java mvn python3 curl; do
    command -v "$tool" >/dev/null || die "$tool is not installed (see README: Requirements)"
  done
}

install_golangci_lint() {
  if [ -x .tools/bin/golangci-lint ] &&
    .tools/bin/golangci-lint version 2>/dev/null | grep -q "${GOLANGCI_LINT_VERSION#v}"; then
    return
  fi
  echo "building golangci-lint $GOLANGCI_LINT_VERSION into .tools/bin (once)"
  GOBIN="$PWD/.tools/bin" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION"
}

# free_port prints a TCP port nothing listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# browser_post_connect prints the Neo4j Browser command that loads cyberkg's
# style and guide from the API on PORT (browser.PostConnect in Go says the
# same; browser/browser_integration_test.go checks the server got it).
browser_post_connect() {
  printf 'style http://localhost:%s/browser/cyberkg.grass; play http://localhost:%s/browser/guide.html' "$1" "$1"
}

# ensure_venv makes .venv with the pinned Python requirements of the notebook
# and of schemathesis, again only when one of them changes. One pip run, so
# the two sets must agree.
ensure_venv() {
  local stamp=.venv/.requirements.sha256 want
  local files=(notebooks/requirements.txt api/schemathesis/requirements.txt stix/requirements.txt)
  want=$(cat "${files[@]}" | sha256sum | cut -d' ' -f1)
  if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return
  fi
  echo "installing the notebook's and schemathesis' Python packages into .venv (once)"
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r "${files[0]}" -r "${files[1]}" -r "${files[2]}"
  echo "$want" >"$stamp"
}

# wait_ready polls URL/readyz until it answers 200, for at most 60 s.
wait_ready() {

  for _ in $(seq 1 300); do
    curl -sf "$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "$1 did not become ready"
}

# build_web builds the explorer into web/dist (embedded by the Go build),
# again only when its sources or locked dependencies change.
build_web() {
  local stamp=web/dist/.stamp want
  command -v npm >/dev/null || die "npm is not installed (see README: Requirements)"
  want=$(cat web/package-lock.json web/build.mjs web/src/* | sha256sum | cut -d' ' -f1)
  if [ -f web/dist/index.html ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return
  fi
  echo "building the explorer into web/dist"
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
  echo "$want" >"$stamp"
}

# MISP_GALAXY is where fetch_open_data puts the MISP galaxy's threat-actor
# cluster; the MITRE ATT&CK bundle is in the repository.
MISP_GALAXY=.cache/opendata/misp-galaxy/threat-actor.json
# shellcheck disable=SC2034 # used by scripts/run and scripts/test
MITRE_ATTACK=seed/opendata/mitre-attack/enterprise-groups-campaigns.json

# fetch_open_data takes the MISP galaxy's threat-actor cluster and its
# licence out of the pinned PyPI wheel (opendata/requirements.txt, checked by
# hash), once.
fetch_open_data() {
  [ -s "$MISP_GALAXY" ] && return 0
  local tmp dir
  tmp=$(mktemp -d)
  dir=$(dirname "$MISP_GALAXY")
  echo "fetching the MISP galaxy (pymispgalaxies 1.1.1 from PyPI, once)"
  python3 -m pip download -q --disable-pip-version-check --no-deps --require-hashes \
    -r opendata/requirements.txt -d "$tmp"
  mkdir -p "$dir"
  python3 - "$tmp"/pymispgalaxies-1.1.1-*.whl "$dir" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
base = "pymispgalaxies/data/misp-galaxy/"
with zipfile.ZipFile(wheel) as z:
    for name, to in ((base + "LICENSE.md", "LICENSE.md"), (base + "clusters/threat-actor.json", "threat-actor.json.part")):
        with open(f"{out}/{to}", "wb") as f:
            f.write(z.read(name))
PY
  mv "$dir/threat-actor.json.part" "$MISP_GALAXY"
  rm -rf "$tmp"
}
