#!/usr/bin/env bash
# Every tool rejects a bad config key, an out-of-range value, a malformed CSV row and a missing
# file with one line, a non-zero exit code and no output file; --help and --version work.
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/test.yaml
sed 's/^  dt: 0.2/  dtt: 0.2/' "$cfg" >badkey.yaml
sed 's/^  dt: 0.2/  dt: -0.2/' "$cfg" >badrange.yaml
sed 's/^  n_candidates: [0-9]*/  n_candidates: 0/' "$cfg" >badn.yaml
sed 's/^  batch_size: 32/  batch_size: 0/' "$cfg" >badbatch.yaml
sed 's/^  laplacian: fd/  laplacian: fft/' "$cfg" >badlap.yaml
grep -q dtt badkey.yaml && grep -q 'dt: -0.2' badrange.yaml && grep -q 'n_candidates: 0' badn.yaml \
  && grep -q 'batch_size: 0' badbatch.yaml && grep -q 'laplacian: fft' badlap.yaml

"$BIN/sample_params" --config "$cfg" --out cand.csv 2>/dev/null
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out turing.csv 2>/dev/null
{ head -3 turing.csv; echo "999,0.1,oops,1,30,0.5,0.25,0.6,0.1,10"; } >turing_badrow.csv
{ head -3 cand.csv; echo "999,0.1,0.5,1"; } >cand_badrow.csv

for tool in sample_params lsa_filter simulate split train evaluate fit predict tabulate; do
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
cut -d, -f1-4 cand.csv >cand_nodelta.csv
expect_error "simulate missing column" o.h5 "$BIN/simulate" --config "$cfg" --in cand_nodelta.csv --out o.h5
says "delta"
expect_error "simulate --first past the end" o.h5 "$BIN/simulate" --config "$cfg" --in turing.csv --out o.h5 --first 100000
expect_error "simulate bad --solver" o.h5 "$BIN/simulate" --config "$cfg" --in turing.csv --out o.h5 --solver tpu
# The learning tools: a shard and a split to point them at.
"$BIN/simulate" --config "$cfg" --in turing.csv --out shard.h5 --count 60 2>/dev/null
sed 's/pools: \[256, 512\]/pools: [6]/' "$cfg" >badpool.yaml
expect_error "split bad key" d/dataset.h5 "$BIN/split" --config badkey.yaml --out-dir d shard.h5
expect_error "split missing shard" d/dataset.h5 "$BIN/split" --config "$cfg" --out-dir d nope.h5
expect_error "split CSV instead of a shard" d/dataset.h5 "$BIN/split" --config "$cfg" --out-dir d turing.csv
expect_error "split pools not a multiple of 4" d/dataset.h5 "$BIN/split" --config badpool.yaml --out-dir d shard.h5
TR=("$BIN/train" --data shard.h5 --splits . --arch mlp --n 256 --lambda 0 --out-dir m)
expect_error "train bad key" m/model.pt "${TR[@]}" --config badkey.yaml
expect_error "train out of range" m/model.pt "${TR[@]}" --config badbatch.yaml
expect_error "train bad enum" m/model.pt "${TR[@]}" --config badlap.yaml
expect_error "train missing split list" m/model.pt "${TR[@]}" --config "$cfg"
expect_error "evaluate missing model" o.csv "$BIN/evaluate" --config "$cfg" --model m --data shard.h5 --splits . --split test --out o.csv
grep -q "line 4: column 'b' value 'oops': expected a finite number" <("$BIN/simulate" --config "$cfg" --in turing_badrow.csv --out o.h5 2>&1) \
  && ok "row error names line, column and value" || bad "row error message"
grep -q "badrange.yaml: key 'simulate.dt': value -0.2: expected a number > 0" <("$BIN/simulate" --config badrange.yaml --in turing.csv --out o.h5 2>&1) \
  && ok "config error names file, key, value and expectation" || bad "config error message"
finish
