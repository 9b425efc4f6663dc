# Shared helpers for the binary tests. Usage: source common.sh BIN_DIR SRC_DIR
set -euo pipefail
BIN=$1
SRC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
failures=0
ok() { printf 'ok   %s\n' "$*"; }
# (each failure is also a line in a file, so that one inside a subshell counts)
bad() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); echo >>"$WORK/.failures"; }
# wait_for SECONDS CMD...: poll CMD until it succeeds; false once SECONDS have passed. A test that
# depends on timing waits for an observable event (a file, a log line) this way, with a generous
# deadline, never for a fixed sleep: a loaded machine only makes it slower.
wait_for() {
  local end=$((SECONDS + $1)); shift
  until "$@" 2>/dev/null; do [ "$SECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
finish() {
  failures=0
  if [ -e "$WORK/.failures" ]; then failures=$(wc -l <"$WORK/.failures"); fi
  [ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }; echo "all passed"; }

# expect_error NAME OUTFILE CMD...: non-zero exit, exactly one stderr line naming the tool,
# nothing under OUTFILE (nor a leftover temporary).
expect_error() {
  local name=$1 out=$2; shift 2
  local rc=0
  "$@" >stdout.txt 2>stderr.txt || rc=$?
  local lines; lines=$(wc -l <stderr.txt)
  if [ "$rc" -eq 0 ]; then bad "$name: exit code 0"; return; fi
  if [ "$lines" -ne 1 ]; then bad "$name: $lines stderr lines:"; cat stderr.txt; return; fi
  if ! grep -q "error: " stderr.txt; then bad "$name: no 'error:' in: $(cat stderr.txt)"; return; fi
  if [ -e "$out" ] || compgen -G "$out.tmp.*" >/dev/null; then bad "$name: output $out was written"; return; fi
  ok "$name (rc $rc): $(cat stderr.txt)"
}

# late NAME OUT CMD...: an error after work began: progress lines, then exactly one error line,
# last; a non-zero exit; nothing under OUT and no temporary.
late() {
  local name=$1 out=$2 rc=0; shift 2
  rm -rf "$out"
  "$@" >stdout.txt 2>stderr.txt || rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -gt 2 ]; then bad "$name: exit code $rc"; return; fi
  if [ "$(grep -c 'error: ' stderr.txt)" -ne 1 ] || ! tail -1 stderr.txt | grep -q 'error: '; then
    bad "$name: not one final error line:"; cat stderr.txt; return; fi
  if [ -e "$out" ] || compgen -G "$out.tmp.*" >/dev/null; then bad "$name: output $out was written"; return; fi
  ok "$name (rc $rc): $(tail -1 stderr.txt)"
}
# says PATTERN: the last expect_error failed for the reason it tests (its message has PATTERN),
# not for another one.
says() { grep -q -- "$1" stderr.txt || bad "... failed for another reason (no '$1'): $(cat stderr.txt)"; }
