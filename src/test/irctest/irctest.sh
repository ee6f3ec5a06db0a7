#!/usr/bin/env bash
# irctest (github.com/progval/irctest, the IRC conformance suite) against reactor-chat's irc
# listener, or against ngircd or InspIRCd for comparison, on the selection docs/compatibility.md
# explains.
#
#   src/test/irctest/irctest.sh              # ours: target/reactor-chat.jar (run `mvn package` first)
#   src/test/irctest/irctest.sh --ngircd     # Debian's ngircd, same tests
#   src/test/irctest/irctest.sh --inspircd   # Debian's InspIRCd 3, same tests
#
# Needs: bash, iproute2 (ss), util-linux (setpriv, for --inspircd as root), python3 and python3-venv,
# git (only to clone irctest when IRCTEST_DIR has no checkout yet), and the server: a JDK 17 for ours,
# the Debian package ngircd or inspircd for the others.
#
# irctest is not part of this repository. IRCTEST_DIR is its checkout [~/.cache/reactor-chat/irctest];
# only when that directory does not exist does the script clone IRCTEST_REPO [GitHub] there and check
# out IRCTEST_COMMIT [b00c039]; an existing checkout is used as it is, with no network access.
# IRCTEST_PY is a python that has pytest >= 8 and pytest-timeout; without it the script uses the venv
# IRCTEST_VENV [~/.cache/reactor-chat/irctest-venv], made with --system-site-packages so that Debian's
# python3-pytest and python3-pytest-timeout serve where they are new enough (Debian 13; Debian 12's
# pytest 7.2 is too old for irctest's conftest.py), else filled by pip from irctest's requirements.
# Both live outside target/, so `mvn clean` keeps them.
#
# Four passes, each server started fresh on a free 127.0.0.1 port and stopped at the end:
#   main         all of irctest/server_tests with
#                -m 'not services and not implementation-specific and not deprecated and not strict and not BOT'
#                -k 'not Passworded and not testLusersFull and not testLusersRfc2812 and not Faketime'
#   fresh        one server start per test: the 5 LUSERS tests (they need a server nobody used) and the
#                WHOWAS tests the main pass failed (the server remembers earlier tests' users)
#   password     the server started with password "testpassword", the same -m, -k Passworded
#   chathistory  irctest/server_tests/chathistory.py, -k ChathistoryTestCase -m 'not private_chathistory',
#                with the controller external_server_without_services.py beside this script (irctest
#                marks these tests "services"; those that need an account skip themselves)
# Prints the versions used, the counts of each pass, the number of distinct tests passed by the
# first three passes, of those the IRCv3 ones, and every test failing in the end (failed in main
# and not passed in fresh, or failed in fresh, password or chathistory).
# Outputs in $IRCTEST_OUT [target/irctest-out/ours, /ngircd or /inspircd]: versions.txt, each pass's
# pytest log and junit.xml (those of the fresh pass in fresh/), cases/ with one log per test case
# (every line it sent and received, and why it failed or skipped; FILE.CLASS.METHOD[PARAMS].log),
# passed.txt, failed.txt. Exit 0 if no test fails in the end, 1 otherwise, 2 on setup.
set -uo pipefail
cd "$(dirname "$0")/../../.." || exit 2
ROOT=$PWD
MODE=ours
case ${1:-} in
  '') ;;
  --ngircd) MODE=ngircd ;;
  --inspircd) MODE=inspircd ;;
  *) echo "usage: $0 [--ngircd | --inspircd]" >&2; exit 2 ;;
esac
JAR=$ROOT/target/reactor-chat.jar
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/reactor-chat
IRCTEST_DIR=${IRCTEST_DIR:-$CACHE/irctest}
IRCTEST_REPO=${IRCTEST_REPO:-https://github.com/progval/irctest}
IRCTEST_COMMIT=${IRCTEST_COMMIT:-b00c039}
IRCTEST_VENV=${IRCTEST_VENV:-$CACHE/irctest-venv}
OUT=${IRCTEST_OUT:-$ROOT/target/irctest-out/$MODE}

die() { echo "irctest.sh: $*" >&2; exit 2; }
short() { local p=${1/#"$ROOT"\//}; echo "${p/#"$HOME"\//\~/}"; }  # paths as a reader would type them
need() { command -v "$1" >/dev/null || die "no $1 (Debian package: $2)"; }
need ss iproute2
need python3 python3

# --- irctest and its python -----------------------------------------------------------------------
if [[ ! -e $IRCTEST_DIR/irctest/server_tests ]]; then
  [[ -e $IRCTEST_DIR ]] && die "IRCTEST_DIR=$IRCTEST_DIR exists but is not an irctest checkout"
  need git git
  git clone -q "$IRCTEST_REPO" "$IRCTEST_DIR" || die "cannot clone $IRCTEST_REPO into $IRCTEST_DIR"
  git -C "$IRCTEST_DIR" checkout -q "$IRCTEST_COMMIT" || die "no commit $IRCTEST_COMMIT in irctest"
fi
pytest_usable() { "$1" -c 'import sys, pytest, pytest_timeout; sys.exit(int(pytest.__version__.split(".")[0]) < 8)' 2>/dev/null; }
if [[ -n ${IRCTEST_PY:-} ]]; then
  pytest_usable "$IRCTEST_PY" || die "IRCTEST_PY=$IRCTEST_PY lacks pytest >= 8 or pytest-timeout"
else
  IRCTEST_PY=$IRCTEST_VENV/bin/python
  if [[ ! -x $IRCTEST_PY ]]; then
    python3 -m venv --system-site-packages "$IRCTEST_VENV" || die "cannot make a venv in $IRCTEST_VENV (Debian package: python3-venv)"
  fi
  if ! pytest_usable "$IRCTEST_PY"; then
    "$IRCTEST_PY" -m pip install -q -r "$IRCTEST_DIR/requirements.txt" pytest-timeout \
      || die "no pytest >= 8 with pytest-timeout in $(short "$IRCTEST_VENV"), and pip could not install them:
  give it a Python package index, or install python3-pytest python3-pytest-timeout from Debian 13 on"
    pytest_usable "$IRCTEST_PY" || die "pip did not give $(short "$IRCTEST_VENV") pytest >= 8 and pytest-timeout"
  fi
fi

# --- the server under test ------------------------------------------------------------------------
case $MODE in
  ours) need java openjdk-17-jre-headless; [[ -f $JAR ]] || die "$JAR is missing; run: mvn -q package -DskipTests" ;;
  ngircd) need ngircd ngircd ;;
  inspircd) need inspircd inspircd; need setpriv util-linux ;;
esac
rm -rf "$OUT"; mkdir -p "$OUT/cases" "$OUT/fresh"
# irctest keeps a port registry in $TMPDIR; a private one keeps parallel runs from tearing it
export TMPDIR=$OUT/tmp; mkdir -p "$TMPDIR"
SERVER_PID=
port_unused() { [[ -z $(ss -Htan "( sport = :$1 or dport = :$1 )" 2>/dev/null) ]]; }
nobody_listens() { [[ -z $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }
PORT=
while [[ -z $PORT ]]; do p=$(( 20000 + RANDOM % 40000 )); port_unused "$p" && PORT=$p; done
# InspIRCd refuses to run as root: as root, run it as nobody, in a directory nobody can reach and write
INSPIRCD_DIR=$OUT/inspircd INSPIRCD_AS=()
if [[ $MODE == inspircd && $(id -u) == 0 ]]; then
  INSPIRCD_DIR=$(mktemp -d /tmp/irctest-inspircd.XXXXXX) || die "cannot make a directory for InspIRCd"
  chown nobody: "$INSPIRCD_DIR"
  INSPIRCD_AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
[[ $MODE == inspircd ]] && mkdir -p "$OUT/inspircd"

stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null
  fi
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
}
cleanup() {
  stop_server
  if [[ $INSPIRCD_DIR != "$OUT/inspircd" ]]; then
    cp "$INSPIRCD_DIR"/* "$OUT/inspircd/" 2>/dev/null; rm -rf "$INSPIRCD_DIR"
  fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

ngircd_conf() {  # ngircd_conf [password]
  cat <<EOF
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
}

# What irctest's own InspIRCd 3 controller configures, without its services link (no spanningtree,
# no SASL; m_services_account stays for the account modes and caps it answers locally), with fakelag
# off and the pid and log files in a directory of the run.
HELPOP_EXAMPLE=/usr/share/doc/inspircd/examples/helpop.conf.example
inspircd_conf() {  # inspircd_conf DIR [password]
  cat <<EOF
<server name="My.Little.Server" description="test server" id="000" network="testnet">
<pid file="$1/inspircd.pid">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="$1/inspircd.log">
<bind address="127.0.0.1" port="$PORT" type="clients">
<connect allow="*" resolvehostnames="no" useident="no" recvq="40960" timeout="10"
         localmax="1000" globalmax="1000" fakelag="no" threshold="1000000" commandrate="1000000000"
         ${2:+password=\"$2\"}>
<class name="ServerOperators" commands="WALLOPS GLOBOPS KILL"
       privs="channels/auspex users/auspex servers/auspex">
<type name="NetAdmin" classes="ServerOperators">
<oper name="operuser" password="operpassword" host="*@*" type="NetAdmin" class="ServerOperators">
<options casemapping="ascii" extbanformat="any">
<security announceinvites="none">
<module name="hidechans">
<module name="banexception">
<module name="botmode">
<module name="cap">
<module name="inviteexception">
<module name="ircv3">
<module name="ircv3_accounttag">
<module name="ircv3_batch">
<module name="ircv3_capnotify">
<module name="ircv3_ctctags">
<module name="ircv3_echomessage">
<module name="ircv3_invitenotify">
<module name="ircv3_labeledresponse">
<module name="ircv3_msgid">
<module name="ircv3_servertime">
<module name="monitor">
<module name="muteban">
<module name="noctcp">
<module name="uhnames">
<module name="alias">
<module name="namesx">
<module name="services_account">
<module name="svshold">
<module name="helpop">
EOF
  [[ -f $HELPOP_EXAMPLE ]] && echo "<include file=\"$HELPOP_EXAMPLE\">"
}

start_server() {  # start_server [password]
  stop_server
  for _ in $(seq 50); do nobody_listens "$PORT" && break; sleep 0.1; done
  case $MODE in
    ours)
      # a new data directory each time: a fresh server remembers nothing of an earlier one
      local extra=()
      [[ -n ${1:-} ]] && extra=(--password "$1")
      rm -rf "$OUT/data"
      java -jar "$JAR" --listen "irc=127.0.0.1:$PORT" \
        --irc-server-name My.Little.Server --irc-server-info "test server" \
        --irc-oper operuser:operpassword --flood-rate 0 --log-level warn --data-dir "$OUT/data" "${extra[@]}" \
        >>"$OUT/server.log" 2>&1 &
      ;;
    ngircd)
      ngircd_conf "${1:-}" >"$OUT/ngircd.conf"
      ngircd -n -f "$OUT/ngircd.conf" >>"$OUT/server.log" 2>&1 &
      ;;
    inspircd)
      inspircd_conf "$INSPIRCD_DIR" "${1:-}" >"$INSPIRCD_DIR/inspircd.conf"
      "${INSPIRCD_AS[@]}" inspircd --nofork --config "$INSPIRCD_DIR/inspircd.conf" >>"$OUT/server.log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  # wait until it listens, without connecting (a probe would count as a connection in LUSERS); the
  # listener must be this process's, not another program's that took the port meanwhile
  local i
  for i in $(seq 150); do
    ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -q "pid=$SERVER_PID," && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -5 "$OUT/server.log" >&2; die "the server did not start listening on 127.0.0.1:$PORT"
}

: >"$OUT/passed.txt"
pytest_run() {  # pytest_run NAME CONTROLLER [pytest args...]: NAME.log and NAME.xml; prints the failing ids
  local name=$1 controller=$2; shift 2
  (cd "$IRCTEST_DIR" && PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$ROOT/src/test/irctest IRCTEST_SERVER_HOSTNAME=127.0.0.1 IRCTEST_SERVER_PORT=$PORT \
    timeout --kill-after=10 1500 "$IRCTEST_PY" -m pytest --controller "$controller" \
    --timeout 30 -p no:cacheprovider -rA --junitxml="$OUT/$name.xml" "$@") >"$OUT/$name.log" 2>&1
  [[ $name == chathistory ]] || grep -E '^PASSED ' "$OUT/$name.log" | awk '{print $2}' >>"$OUT/passed.txt"
  grep -E '^(FAILED|ERROR) ' "$OUT/$name.log" | awk '{print $2}'
}
summary() { grep -E '^=+ .* in [0-9.]+s' "$OUT/$1.log" | tail -1 | sed -E 's/^=+ //; s/ =+$//'; }
case_name() { local t=${1#irctest/server_tests/}; t=${t//\//.}; t=${t/.py::/.}; echo "${t//::/.}"; }

MARKERS='not services and not implementation-specific and not deprecated and not strict and not BOT'
LUSERS=(
  irctest/server_tests/lusers.py::BasicLusersTestCase::testLusersFull
  irctest/server_tests/lusers.py::LusersUnregisteredTestCase::testLusersRfc2812
  irctest/server_tests/lusers.py::LusersUnregisteredTestCase::testLusersFull
  irctest/server_tests/lusers.py::LusersUnregisteredDefaultInvisibleTestCase::testLusersRfc2812
  irctest/server_tests/lusers.py::LusersUnregisteredDefaultInvisibleTestCase::testLusersFull
)

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "irctest: $(git -C "$IRCTEST_DIR" rev-parse --short HEAD 2>/dev/null || echo "unknown commit") in $(short "$IRCTEST_DIR")"
  echo "python: $("$IRCTEST_PY" -c 'import sys; print(sys.version.split()[0])') $(short "$IRCTEST_PY")"
  read -r pytest_version pytest_dir timeout_version < <("$IRCTEST_PY" -c 'import pytest, importlib.metadata as m
print(pytest.__version__, pytest.__file__.rsplit("/", 2)[0], m.version("pytest-timeout"))')
  echo "pytest: $pytest_version from $(short "$pytest_dir"); pytest-timeout $timeout_version"
  case $MODE in
    ours) echo "server: $(java -jar "$JAR" --version 2>&1 | head -1); $(java -version 2>&1 | head -1)" ;;
    ngircd) echo "server: $(ngircd --version 2>&1 | head -1)" ;;
    inspircd) echo "server: $(inspircd --version 2>&1 | head -1)" ;;
  esac
} >"$OUT/versions.txt"
echo "irctest.sh: $MODE on 127.0.0.1:$PORT, outputs in $(short "$OUT")"
sed 's/^/  /' "$OUT/versions.txt"

start_server
EXTERNAL=irctest.controllers.external_server
main_failed=$(pytest_run main $EXTERNAL irctest/server_tests -m "$MARKERS" \
  -k 'not Passworded and not testLusersFull and not testLusersRfc2812 and not Faketime')
echo "main:        $(summary main)"

fresh=("${LUSERS[@]}")
for t in $main_failed; do [[ $t == irctest/server_tests/whowas.py::* ]] && fresh+=("$t"); done
fresh_pass=0 fresh_failed=()
for t in "${fresh[@]}"; do
  start_server
  name=fresh/$(case_name "$t")
  pytest_run "$name" $EXTERNAL "$t" >/dev/null
  if grep -qE '^PASSED ' "$OUT/$name.log"; then fresh_pass=$((fresh_pass + 1)); else fresh_failed+=("$t"); fi
done
echo "fresh:       ${#fresh[@]} tests, one server start each: $fresh_pass passed, ${#fresh_failed[@]} failed"

start_server testpassword
password_failed=$(pytest_run password $EXTERNAL irctest/server_tests/connection_registration.py \
  -m "$MARKERS" -k Passworded)
echo "password:    $(summary password)"

start_server
chathistory_failed=$(pytest_run chathistory external_server_without_services irctest/server_tests/chathistory.py \
  -m 'not private_chathistory' -k ChathistoryTestCase)
echo "chathistory: $(summary chathistory)"
stop_server

# one log per test case, from the junit files (irctest's pytest.ini has them keep each test's output)
"$IRCTEST_PY" - "$OUT" <<'EOF'
import pathlib, sys, xml.etree.ElementTree as ET
out = pathlib.Path(sys.argv[1])
for xml in sorted(out.glob("*.xml")) + sorted(out.glob("fresh/*.xml")):
    for case in ET.parse(xml).iter("testcase"):
        *mod, cls = case.get("classname").split(".")
        name = ".".join(mod[2:] + [cls, case.get("name")])  # drop "irctest.server_tests"
        if xml.parent.name == "fresh":
            name += ".fresh"
        outcome = next((c.tag for c in case if c.tag in ("failure", "error", "skipped")), "passed")
        text = [f"{outcome}: {xml.relative_to(out)}\n"]
        for c in case:
            if c.tag in ("failure", "error", "skipped"):
                text.append((c.get("message") or "") + "\n" + (c.text or "") + "\n")
            elif c.tag == "system-out":
                text.append(c.text or "")
        (out / "cases" / f"{name}.log").write_text("".join(text))
EOF

sort -u "$OUT/passed.txt" -o "$OUT/passed.txt"
: >"$OUT/failed.txt"
for t in $main_failed "${fresh_failed[@]}" $password_failed; do
  grep -qxF -- "$t" "$OUT/passed.txt" || echo "$t" >>"$OUT/failed.txt"
done
for t in $chathistory_failed; do echo "$t" >>"$OUT/failed.txt"; done
sort -u "$OUT/failed.txt" -o "$OUT/failed.txt"
# the IRCv3-marked tests of the selection, to count how many of the passes are IRCv3
(cd "$IRCTEST_DIR" && IRCTEST_SERVER_HOSTNAME=127.0.0.1 IRCTEST_SERVER_PORT=$PORT "$IRCTEST_PY" -m pytest \
  --controller irctest.controllers.external_server -p no:cacheprovider --collect-only -q \
  irctest/server_tests -m "($MARKERS) and IRCv3") 2>/dev/null | grep '::' | sort -u >"$OUT/ircv3-selected.txt"
ircv3=$(comm -12 "$OUT/passed.txt" "$OUT/ircv3-selected.txt" | wc -l)
echo "distinct tests passed (main, fresh, password): $(wc -l <"$OUT/passed.txt"), of which IRCv3: $ircv3;" \
  "failing in the end: $(wc -l <"$OUT/failed.txt")"
sed 's/^/  FAILED /' "$OUT/failed.txt"
[[ ! -s $OUT/failed.txt ]]
