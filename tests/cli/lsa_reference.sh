#!/usr/bin/env bash
# lsa_filter agrees with an independent numpy implementation on 20,000 random candidates at the
# paper's settings (config/config.yaml: 128x128, dx = 1, s = 0.4).
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/config.yaml
"$BIN/sample_params" --config "$cfg" --n 20000 --out cand.csv 2>/dev/null
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out turing.csv 2>/dev/null
/usr/bin/python3 "$SRC/tests/reference/lsa_reference.py" cand.csv turing.csv --n 128 --dx 1 --s 0.4 \
  && ok "lsa_filter == numpy reference on 20,000 candidates" || bad "disagreement"
sed 's/^  kinetics: murray.*/  kinetics: printed_eq3/' "$cfg" >printed.yaml
"$BIN/lsa_filter" --config printed.yaml --in cand.csv --out printed.csv 2>/dev/null
[ "$(wc -l <printed.csv)" -eq 1 ] && ok "printed Eq. 3: 0 of 20,000 accepted (NOTES 1)" || bad "printed Eq. 3 accepted some"
/usr/bin/python3 "$SRC/tests/reference/lsa_reference.py" cand.csv printed.csv --n 128 --dx 1 --s 0.4 --form printed_eq3 \
  && ok "numpy reference agrees for printed Eq. 3" || bad "printed disagreement"
finish
