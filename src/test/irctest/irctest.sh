#!/usr/bin/env bash
# irctest (github.com/progval/irctest, the IRC conformance suite) against reactor-chat's irc
# listener, or against ngircd for the baseline, on the selection docs/compatibility.md explains.
#
#   src/test/irctest/irctest.sh            # ours: target/reactor-chat.jar (run `mvn package` first)
#   src/test/irctest/irctest.sh --ngircd   # the baseline: Debian's ngircd, same tests
#
# irctest is not part of this repository. IRCTEST_DIR must be a checkout of it (docs/compatibility.md
# used b00c039); without IRCTEST_DIR the script clones it into target/irctest and checks out
# IRCTEST_COMMIT. IRCTEST_PY is a python with irctest's requirements and pytest-timeout; without it
# the script makes a venv in target/irctest-venv with pip.
#
# Three passes, each server started fresh on a free 127.0.0.1 port and stopped at the end:
#   main      all of irctest/server_tests with
#             -m 'not services and not implementation-specific and not deprecated and not strict and not BOT'
#             -k 'not Passworded and not testLusersFull and not testLusersRfc2812'
#   fresh     one server start per test: the 5 LUSERS tests (they need a server nobody used) and the
#             WHOWAS tests the main pass failed (the server remembers earlier tests' users)
#   password  the server started with password "testpassword", the same -m, -k Passworded
# Prints the counts of each pass, the number of distinct tests passed, and every test failing in
# the end (failed in main and not passed in fresh, or failed in fresh or password).
# Outputs (pytest logs with every line sent and received, pass/fail lists): $IRCTEST_OUT
# [target/irctest-out/ours or /ngircd]. Exit 0 if no test fails in the end, 1 otherwise, 2 on setup.
set -uo pipefail
cd "$(dirname "$0")/../../.." || exit 2
ROOT=$PWD
MODE=ours
[[ ${1:-} == --ngircd ]] && MODE=ngircd
JAR=$ROOT/target/reactor-chat.jar
IRCTEST_COMMIT=${IRCTEST_COMMIT:-b00c039}
OUT=${IRCTEST_OUT:-$ROOT/target/irctest-out/$MODE}

die() { echo "irctest.sh: $*" >&2; exit 2; }

# --- irctest and its python -----------------------------------------------------------------------
if [[ -z ${IRCTEST_DIR:-} ]]; then
  IRCTEST_DIR=$ROOT/target/irctest
  if [[ ! -d $IRCTEST_DIR/.git ]]; then
    git clone -q https://github.com/progval/irctest "$IRCTEST_DIR" || die "cannot clone irctest"
    git -C "$IRCTEST_DIR" checkout -q "$IRCTEST_COMMIT" || die "no commit $IRCTEST_COMMIT in irctest"
  fi
fi
[[ -d $IRCTEST_DIR/irctest/server_tests ]] || die "IRCTEST_DIR=$IRCTEST_DIR is not an irctest checkout"
if [[ -z ${IRCTEST_PY:-} ]]; then
  IRCTEST_PY=$ROOT/target/irctest-venv/bin/python
  if [[ ! -x $IRCTEST_PY ]]; then
    python3 -m venv "$ROOT/target/irctest-venv" || die "cannot make a venv"
    "$IRCTEST_PY" -m pip install -q -r "$IRCTEST_DIR/requirements.txt" pytest-timeout \
      || die "cannot install irctest's requirements"
  fi
fi
"$IRCTEST_PY" -c 'import pytest, pytest_timeout' 2>/dev/null || die "$IRCTEST_PY lacks pytest or pytest-timeout"

# --- the server under test ------------------------------------------------------------------------
rm -rf "$OUT"; mkdir -p "$OUT"
# irctest keeps a port registry in $TMPDIR; a private one keeps parallel runs from tearing it
export TMPDIR=$OUT/tmp; mkdir -p "$TMPDIR"
SERVER_PID=
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=
while [[ -z $PORT ]]; do p=$(( 20000 + RANDOM % 40000 )); port_free "$p" && PORT=$p; done

stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null
  fi
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
}
trap stop_server EXIT
trap 'exit 2' INT TERM

start_server() {  # start_server [password]
  stop_server
  for _ in $(seq 50); do port_free "$PORT" && break; sleep 0.1; done
  if [[ $MODE == ours ]]; then
    [[ -f $JAR ]] || die "$JAR is missing; run: mvn -q package -DskipTests"
    local extra=()
    [[ -n ${1:-} ]] && extra=(--irc-password "$1")
    java -jar "$JAR" --listen "irc=127.0.0.1:$PORT" \
      --irc-server-name My.Little.Server --irc-server-info "test server" \
      --irc-oper operuser:operpassword --flood-rate 0 --log-level warn --data-dir "$OUT/data" "${extra[@]}" \
      >>"$OUT/server.log" 2>&1 &
  else
    command -v ngircd >/dev/null || die "no ngircd (apt-get install ngircd)"
    cat >"$OUT/ngircd.conf" <<EOF
[Global]
	Name = My.Little.Server
	Info = test server
	Listen = 127.0.0.1
	Ports = $PORT
	AdminInfo1 = Bob Smith
	AdminEMail = email@example.org
	MotdPhrase = irctest baseline
${1:+	Password = $1}
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxPenaltyTime = 0
	MaxNickLength = 31
	PingTimeout = 600
	PongTimeout = 600
[Options]
	PAM = no
	Ident = no
	DNS = no
	MorePrivacy = no
[Operator]
	Name = operuser
	Password = operpassword
EOF
    ngircd -n -f "$OUT/ngircd.conf" >>"$OUT/server.log" 2>&1 &
  fi
  SERVER_PID=$!
  # wait until it listens, without connecting (a probe would count as a connection in LUSERS)
  local i
  for i in $(seq 150); do
    ss -ltn "sport = :$PORT" 2>/dev/null | grep -q LISTEN && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -5 "$OUT/server.log" >&2; die "the server did not start on 127.0.0.1:$PORT"
}

pytest_run() {  # pytest_run LOG [pytest args...]
  local log=$1; shift
  (cd "$IRCTEST_DIR" && IRCTEST_SERVER_HOSTNAME=127.0.0.1 IRCTEST_SERVER_PORT=$PORT \
    timeout --kill-after=10 1500 "$IRCTEST_PY" -m pytest --controller irctest.controllers.external_server \
    --timeout 30 -p no:cacheprovider -rA "$@") >"$log" 2>&1
  grep -E '^PASSED ' "$log" | awk '{print $2}' >>"$OUT/passed.txt"
  grep -E '^(FAILED|ERROR) ' "$log" | awk '{print $2}'
}
summary() { grep -E '^=+ .* in [0-9.]+s' "$1" | tail -1 | sed -E 's/^=+ //; s/ =+$//'; }

: >"$OUT/passed.txt"
MARKERS='not services and not implementation-specific and not deprecated and not strict and not BOT'
LUSERS=(
  irctest/server_tests/lusers.py::BasicLusersTestCase::testLusersFull
  irctest/server_tests/lusers.py::LusersUnregisteredTestCase::testLusersRfc2812
  irctest/server_tests/lusers.py::LusersUnregisteredTestCase::testLusersFull
  irctest/server_tests/lusers.py::LusersUnregisteredDefaultInvisibleTestCase::testLusersRfc2812
  irctest/server_tests/lusers.py::LusersUnregisteredDefaultInvisibleTestCase::testLusersFull
)

echo "irctest.sh: $MODE on 127.0.0.1:$PORT, irctest $(git -C "$IRCTEST_DIR" rev-parse --short HEAD 2>/dev/null), outputs in $OUT"
start_server
main_failed=$(pytest_run "$OUT/main.log" irctest/server_tests -m "$MARKERS" \
  -k 'not Passworded and not testLusersFull and not testLusersRfc2812')
echo "main:     $(summary "$OUT/main.log")"

fresh=("${LUSERS[@]}")
for t in $main_failed; do [[ $t == irctest/server_tests/whowas.py::* ]] && fresh+=("$t"); done
fresh_pass=0 fresh_failed=()
for t in "${fresh[@]}"; do
  start_server
  f=$(pytest_run "$OUT/fresh-${t##*::}.log" "$t")
  if grep -qE '^PASSED ' "$OUT/fresh-${t##*::}.log"; then fresh_pass=$((fresh_pass + 1)); else fresh_failed+=("$t"); fi
done
echo "fresh:    ${#fresh[@]} tests, one server start each: $fresh_pass passed, ${#fresh_failed[@]} failed"

start_server testpassword
password_failed=$(pytest_run "$OUT/password.log" irctest/server_tests/connection_registration.py \
  -m "$MARKERS" -k Passworded)
echo "password: $(summary "$OUT/password.log")"
stop_server

sort -u "$OUT/passed.txt" -o "$OUT/passed.txt"
: >"$OUT/failed.txt"
for t in $main_failed "${fresh_failed[@]}" $password_failed; do
  grep -qxF -- "$t" "$OUT/passed.txt" || echo "$t" >>"$OUT/failed.txt"
done
sort -u "$OUT/failed.txt" -o "$OUT/failed.txt"
echo "distinct tests passed: $(wc -l <"$OUT/passed.txt"); failing in the end: $(wc -l <"$OUT/failed.txt")"
sed 's/^/  FAILED /' "$OUT/failed.txt"
[[ ! -s $OUT/failed.txt ]]
