#!/usr/bin/env bash
# Every tool rejects a bad config key, an out-of-range value, a malformed CSV row and a missing
# file with one line, a non-zero exit code and no output file; --help and --version work.
source "$(dirname "$0")/common.sh" "$@"
cfg=$SRC/config/test.yaml
sed 's/^  dt: 0.2/  dtt: 0.2/' "$cfg" >badkey.yaml
sed 's/^  dt: 0.2/  dt: -0.2/' "$cfg" >badrange.yaml
sed 's/^  n_candidates: 200/  n_candidates: 0/' "$cfg" >badn.yaml
grep -q dtt badkey.yaml && grep -q 'dt: -0.2' badrange.yaml && grep -q 'n_candidates: 0' badn.yaml

"$BIN/sample_params" --config "$cfg" --out cand.csv 2>/dev/null
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out turing.csv 2>/dev/null
{ head -3 turing.csv; echo "999,0.1,oops,1,30,0.5,0.25,0.6,0.1,10"; } >turing_badrow.csv
{ head -3 cand.csv; echo "999,0.1,0.5,1"; } >cand_badrow.csv

for tool in sample_params lsa_filter simulate; do
  "$BIN/$tool" --help >help.txt 2>&1 && grep -q -- '--config' help.txt && ok "$tool --help" || bad "$tool --help"
  "$BIN/$tool" --version 2>&1 | grep -q "$tool (press)" && ok "$tool --version" || bad "$tool --version"
done

expect_error "sample_params bad key" o.csv "$BIN/sample_params" --config badkey.yaml --out o.csv
expect_error "sample_params out of range" o.csv "$BIN/sample_params" --config badn.yaml --out o.csv
expect_error "sample_params missing config" o.csv "$BIN/sample_params" --config nope.yaml --out o.csv
expect_error "sample_params bad option value" o.csv "$BIN/sample_params" --config "$cfg" --out o.csv --n -3

expect_error "lsa_filter bad key" o.csv "$BIN/lsa_filter" --config badkey.yaml --in cand.csv --out o.csv
expect_error "lsa_filter out of range" o.csv "$BIN/lsa_filter" --config badrange.yaml --in cand.csv --out o.csv
expect_error "lsa_filter malformed row" o.csv "$BIN/lsa_filter" --config "$cfg" --in cand_badrow.csv --out o.csv
expect_error "lsa_filter missing input" o.csv "$BIN/lsa_filter" --config "$cfg" --in nope.csv --out o.csv

expect_error "simulate bad key" o.h5 "$BIN/simulate" --config badkey.yaml --in turing.csv --out o.h5
expect_error "simulate out of range" o.h5 "$BIN/simulate" --config badrange.yaml --in turing.csv --out o.h5
expect_error "simulate malformed row" o.h5 "$BIN/simulate" --config "$cfg" --in turing_badrow.csv --out o.h5
expect_error "simulate missing input" o.h5 "$BIN/simulate" --config "$cfg" --in nope.csv --out o.h5
expect_error "simulate missing column" o.h5 "$BIN/simulate" --config "$cfg" --in cand.csv --out o.h5
expect_error "simulate --first past the end" o.h5 "$BIN/simulate" --config "$cfg" --in turing.csv --out o.h5 --first 100000
expect_error "simulate bad --solver" o.h5 "$BIN/simulate" --config "$cfg" --in turing.csv --out o.h5 --solver tpu
grep -q "line 4: column 'b' value 'oops': expected a finite number" <("$BIN/simulate" --config "$cfg" --in turing_badrow.csv --out o.h5 2>&1) \
  && ok "row error names line, column and value" || bad "row error message"
grep -q "badrange.yaml: key 'simulate.dt': value -0.2: expected a number > 0" <("$BIN/simulate" --config badrange.yaml --in turing.csv --out o.h5 2>&1) \
  && ok "config error names file, key, value and expectation" || bad "config error message"
finish
