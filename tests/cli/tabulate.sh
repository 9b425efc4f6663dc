#!/usr/bin/env bash
# select and tabulate on synthetic metrics whose answers are worked out by hand: lambda chosen
# by validation (and, labelled, by test) in selection.csv, mean and sample sd over seeds,
# improvements of the joint and Eq. 13 NRMSE, the seed-spread flag, pool-rank matching of the
# paper's rows, the Figure 2 sample, and bad input.
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/test.yaml   # focus cnn_l1_none n=512
H=arch,n,lambda,seed,split,scaling,noise,nrmse_joint,nrmse_eq13,r2,r2_a,r2_b,r2_c,r2_delta,rmse_a,rmse_b,rmse_c,rmse_delta,residual,residual_gt_fd,residual_gt_spectral,nrmse_joint_trivial,nrmse_eq13_trivial,samples,time
m() {  # arch n lambda seed split nrmse_joint residual [scaling] [noise]: Eq. 13 = 2 x joint, R^2 = 1 - joint
  local f=metrics/$1_n$2_lam$3_seed$4_$5${9:+_noise$9}.csv
  local e r; e=$(awk "BEGIN{print 2 * $6}"); r=$(awk "BEGIN{print 1 - $6}")
  printf '%s\n%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,0.1,0.2,0.3,4,%s,0.005,1e-07,0.38,0.7,10,0.025\n' "$H" "$1" "$2" \
    "$3" "$4" "$5" "${8:-split}" "${9:-0}" "$6" "$e" "$r" "$r" "$r" "$r" "$r" "$7" >"$f"
  printf 'id,a,b,c,delta,a_pred,b_pred,c_pred,delta_pred,distance,residual,residual_gt_fd,residual_gt_spectral\n' >"${f%.csv}.predictions.csv"
  printf '3,0.5,1.0,2.0,100,0.4,1.1,2.5,110,0.1,0.3,0.005,1e-07\n' >>"${f%.csv}.predictions.csv"
  printf '8,0.04,1.9,4.5,180,0.05,1.8,4.4,170.5,0.1,0.3,0.005,1e-07\n' >>"${f%.csv}.predictions.csv"
}
mkdir -p metrics
for arch in cnn_l1_none mlp; do
  for n in 256 512; do
    for seed in 0 1; do
      # baseline: test 0.40 / 0.44 (mean 0.42, sd 0.028284), residual 0.5 / 0.7
      m $arch $n 0 $seed val 0.41 0.6
      m $arch $n 0 $seed test 0.4$((seed * 4)) 0.$((5 + 2 * seed))
      # lambda 0.1: best on val (0.20), worse on test: mlp 0.30; cnn_l1_none 0.43 / 0.41, a gain of
      # 0 within the seed spread; residual 0.2
      m $arch $n 0.1 $seed val 0.20 0.2
      if [ $arch = mlp ]; then m $arch $n 0.1 $seed test 0.30 0.2; else m $arch $n 0.1 $seed test 0.4$((3 - 2 * seed)) 0.2; fi
      # lambda 0.01: worse on val (0.25), best on test (0.22)
      m $arch $n 0.01 $seed val 0.25 0.3
      m $arch $n 0.01 $seed test 0.22 0.3
    done
  done
done
# The focus cell (cnn_l1_none n=512) under noise 0.01: baseline 0.50 / 0.54, PRESS (lambda 0.1) 0.45;
# lambda 0.01 too, which Table 5 must not show. The physics fit: u alone 0.001 clean, 0.3 at 0.01;
# u and v 0.0005 clean only.
for seed in 0 1; do
  m cnn_l1_none 512 0 $seed test 0.5$((seed * 4)) 0.9 split 0.01
  m cnn_l1_none 512 0.1 $seed test 0.45 0.9 split 0.01
  m cnn_l1_none 512 0.01 $seed test 0.11 0.9 split 0.01
done
m fit_u 0 0 0 test 0.001 0.004
m fit_u 0 0 0 test 0.3 0.004 split 0.01
m fit_uv 0 0 0 test 0.0005 0.003
clean() { ls metrics/*.csv | grep -v 'predictions\|noise\|fit_'; }
"$BIN/select" --config "$cfg" --out sel.csv $(clean) 2>log.txt || { bad "select failed"; cat log.txt; }
# Every cell: 0.1 on validation (0.20 against 0.25), 0.01 on test (0.22 against 0.30 / 0.42).
{ echo arch,n,lambda_val,val_nrmse,lambda_test,test_nrmse,seeds,scaling
  for c in cnn_l1_none,256 cnn_l1_none,512 mlp,256 mlp,512; do echo $c,0.1,0.2,0.01,0.22,2,split; done; } >want_sel.csv
cmp -s sel.csv want_sel.csv && ok "selection.csv: lambda 0.1 on val, 0.01 on test, in every cell" \
  || { bad "selection.csv"; diff sel.csv want_sel.csv; }
expect_error "select refuses the noise study's rows" sel2.csv "$BIN/select" --config "$cfg" --out sel2.csv $(clean) \
  metrics/cnn_l1_none_n512_lam0.1_seed0_test_noise0.01.csv
says "expected the training grid's networks at noise 0"
expect_error "select onto an input" metrics/mlp_n256_lam0_seed0_val.csv.x "$BIN/select" --config "$cfg" \
  --out metrics/mlp_n256_lam0_seed0_val.csv $(clean)
"$BIN/tabulate" --config "$cfg" --selection sel.csv --out-dir tables $(ls metrics/*.csv | grep -v predictions) 2>log.txt \
  || { bad "tabulate failed"; cat log.txt; }
for f in table2.csv table2.md table3.csv table3.md table4.csv table4.md table5.csv table5.md paired.csv paired.md tables.html summary.csv floors.csv figure2.csv figure2_base.csv figure2_press.csv; do
  [ -s tables/$f ] || bad "missing tables/$f"
done
python3 - tables <<'PY' && ok "tables: val-selected lambda, test-selected labelled, mean/sd over seeds, improvements, paper rows" || bad "table values"
import csv, math, sys
d = sys.argv[1]
def rows(name): return list(csv.DictReader(open(f"{d}/{name}")))
def close(a, b): return abs(float(a) - b) <= 1e-4 * max(1, abs(b))
t3 = rows("table3.csv")
assert [(r["model"], r["n_samples"]) for r in t3][:4] == [("mlp", "256"), ("mlp", "512"), ("cnn_l1", "256"), ("cnn_l1", "512")], t3
r = t3[1]
assert r["lambda_phy"] == "0.1" and r["lambda_phy_test_selected"] == "0.01", r
assert close(r["nrmse_base"], 0.42) and close(r["nrmse_base_sd"], math.sqrt(0.0008)), r
assert close(r["nrmse_press"], 0.30) and close(r["nrmse_press_test_selected"], 0.22), r
assert close(r["nrmse_imp_pct"], 100 * (0.42 - 0.30) / 0.42) and close(r["residual_imp_pct"], 100 * (0.6 - 0.2) / 0.6), r
assert close(r["nrmse_imp_pct_test_selected"], 100 * (0.42 - 0.22) / 0.42), r
assert close(r["nrmse_eq13_base"], 0.84) and close(r["nrmse_eq13_press"], 0.60), r
assert close(r["nrmse_eq13_imp_pct"], 100 * (0.84 - 0.60) / 0.84), r
assert close(r["r2_base"], 0.58) and close(r["r2_press"], 0.70) and close(r["r2_base_sd"], math.sqrt(0.0008)), r
assert r["seeds"] == "2" and r["nrmse_press_sd"] == "0" and r["scaling"] == "split", r
# the gain 0.12 exceeds the spread (sd 0.028); for cnn_l1 the val-selected gain 0 does not
assert (r["nrmse_imp_within_spread"], r["nrmse_imp_test_selected_within_spread"]) == ("no", "no"), r
assert (t3[3]["nrmse_imp_within_spread"], t3[3]["nrmse_imp_test_selected_within_spread"]) == ("yes", "no"), t3[3]
# paper rows by pool rank: our 256 is beside the paper's 2000, 512 beside 4000
assert (r["paper_n_samples"], r["paper_nrmse_base"]) == ("4000", "0.1919"), r
assert (t3[2]["paper_n_samples"], t3[2]["paper_nrmse_press"]) == ("2000", "0.1868"), t3[2]
t2 = rows("table2.csv")
assert [(r["depth"], r["spatial_op"], r["n_samples"]) for r in t2] == [("1", "none", "256"), ("1", "none", "512"),
                                                                   ("fit", "u", "0"), ("fit", "uv", "0")], t2
assert close(t2[2]["nrmse_base"], 0.001) and close(t2[2]["nrmse_eq13_base"], 0.002) and close(t2[2]["r2_base"], 0.999), t2
assert close(t2[2]["residual_base"], 0.004) and close(t2[2]["fit_seconds_per_sample"], 0.025) and t2[2]["nrmse_press"] == ""
assert t2[0]["fit_seconds_per_sample"] == "", t2
t3f = [r for r in rows("table3.csv") if r["model"].startswith("fit_")]
assert [(r["model"], r["nrmse_base"]) for r in t3f] == [("fit_u", "0.001"), ("fit_uv", "0.0005")], t3f
assert "| physics fit | from u alone | no training; 25.0 ms per sample | 0.0010 |" in open(f"{d}/table2.md").read()
t5 = rows("table5.csv")
assert [x["noise"] for x in t5] == ["0", "0.01"], t5
assert close(t5[0]["base_nrmse"], 0.42) and close(t5[0]["press_nrmse"], 0.42) and t5[0]["lambda_phy"] == "0.1", t5
assert close(t5[1]["base_nrmse"], 0.52) and close(t5[1]["press_nrmse"], 0.45) and t5[1]["seeds"] == "2", t5
assert close(t5[0]["fit_u_nrmse"], 0.001) and close(t5[1]["fit_u_nrmse"], 0.3) and close(t5[1]["fit_u_r2"], 0.7), t5
assert close(t5[0]["fit_uv_nrmse"], 0.0005) and t5[1]["fit_uv_nrmse"] == "", t5
t4 = rows("table4.csv")
assert [(r["lambda_phy"], r["selected"]) for r in t4] == [("0", ""), ("0.01", "test"), ("0.1", "val")], t4
assert close(t4[2]["nrmse_imp_pct"], 0) and t4[2]["nrmse_imp_within_spread"] == "yes" and t4[0]["nrmse_imp_pct"] == "", t4
assert close(t4[1]["nrmse_imp_pct"], 100 * (0.42 - 0.22) / 0.42) and t4[1]["nrmse_imp_within_spread"] == "no", t4
assert close(t4[1]["r2"], 0.78) and close(t4[1]["nrmse_eq13"], 0.44), t4
assert t4[2]["paper_nrmse"] == "0.0573", t4[2]
s = rows("summary.csv")
sf = [x for x in s if x["arch"].startswith("fit_")]
assert [(x["arch"], x["n"], x["lambda"], x["test_nrmse_joint"], x["val_nrmse_joint"]) for x in sf] == [
    ("fit_u", "0", "", "0.001", ""), ("fit_uv", "0", "", "0.0005", "")], sf
s = [x for x in s if not x["arch"].startswith("fit_")]
assert len(s) == 2 * 2 * 3 * 2 and all(close(x["val_nrmse_joint"], {"0": 0.41, "0.1": 0.20, "0.01": 0.25}[x["lambda"]]) for x in s)
assert all(close(x["val_nrmse_eq13"], 2 * float(x["val_nrmse_joint"])) and x["scaling"] == "split" for x in s)
f = rows("floors.csv")
assert [(x["split"], x["pool"], x["residual_gt_fd"]) for x in f] == [
    ("test", "", "0.005"), ("val", "256", "0.005"), ("val", "512", "0.005")], f
# Figure 2: the sample nearest to (0.0384, 1.9097, 4.5398, 185.9997) is id 8; PRESS = lambda 0.1 (val)
g = rows("figure2.csv")
assert [(x["role"], x["id"], x["lambda"]) for x in g] == [("truth", "8", ""), ("base", "8", "0"), ("press", "8", "0.1")], g
assert close(g[2]["delta"], 170.5)
md3 = open(f"{d}/table3.md").read()
assert "0.4200 ± 0.0283 (0.1919)" in md3 and "*Joint NRMSE* is the authors' NRMSE" in md3 and "`split` normalised" in md3
assert "+0.0 †" in open(f"{d}/table2.md").read()
# tables.html (report.py's): the same cells, the notes once, then pointers to where they were shown.
h = open(f"{d}/tables.html").read()
assert [s.split('"')[1] for s in h.split("<section id=")[1:]] == ["table2", "table3", "table4", "table5", "paired"], h[:200]
assert "<td>0.4200 ± 0.0283 (0.1919)</td>" in h and "<em>Joint NRMSE</em> is the authors' NRMSE" in h
assert h.count("<strong>Metrics.</strong>") == 1 and 'Metrics: as under <a href="#table2">' in h
PY
# paired.csv, by hand (numpy and mpmath's t quantile 12.706204736174704 for one degree of freedom):
# mlp n=256, lambda 0.1 against 0 by seed: 0.30 - 0.40, 0.30 - 0.44: mean -0.12, sd 0.0282843, interval
# -0.12 -/+ 12.7062 x 0.0282843 / sqrt 2; gain 0.12 / 0.42 = 28.57%; the paper's mlp at n = 2000 (pool
# rank 0), lambda 0.1: +2.26, inside [-31.93, +89.08] with 0: undecided. lambda 0.01 is not the
# paper's: no verdict.
grep -qx "mlp,256,0.1,2,0.42,0.3,-0.12,0.0282843,-0.374124,0.134124,28.57,-31.93,89.08,split,2000,0.1,2.26,undecided" tables/paired.csv \
  && grep -qx "mlp,256,0.01,2,0.42,0.22,-0.2,0.0282843,-0.454124,0.0541241,47.62,-12.89,108.12,split,2000,0.1,2.26," tables/paired.csv \
  && ok "paired.csv: seed-paired interval, gain and verdict worked by hand" || { bad "paired.csv"; cat tables/paired.csv; }
# A selection that does not fit the metrics: a cell missing, a lambda the cell does not have.
grep -v '^mlp,512' sel.csv >sel_cell.csv
expect_error "tabulate: selection without a cell" tables2/table2.csv "$BIN/tabulate" --config "$cfg" --selection sel_cell.csv \
  --out-dir tables2 $(clean)
says "sel_cell.csv: no row for mlp n=512"
sed 's/^mlp,512,0.1,/mlp,512,0.3,/' sel.csv >sel_lam.csv
expect_error "tabulate: selection of an unknown lambda" tables2/table2.csv "$BIN/tabulate" --config "$cfg" \
  --selection sel_lam.csv --out-dir tables2 $(clean)
says "sel_lam.csv: mlp n=512: column 'lambda_val' value 0.3"
# Bad input: one line, non-zero exit, no tables, each for the reason it tests: every case but
# the first passes the whole grid with one defect.
rm -rf tables metrics/fit_* metrics/*_noise*
grid() { ls metrics/*.csv | grep -v predictions; }
expect_error "tabulate missing metrics" tables/table2.csv "$BIN/tabulate" --config "$cfg" --selection sel.csv --out-dir tables metrics/none.csv
says "metrics/none.csv"
cp metrics/mlp_n256_lam0.1_seed0_val.csv dup.csv
expect_error "tabulate duplicate row" tables/table2.csv "$BIN/tabulate" --config "$cfg" --selection sel.csv --out-dir tables $(grid) dup.csv
says "also in"
mkdir nan && cp metrics/* nan/ && sed -i 's/,0.20,/,nan,/' nan/mlp_n256_lam0.1_seed0_val.csv
expect_error "tabulate NaN" tables/table2.csv "$BIN/tabulate" --config "$cfg" --selection sel.csv --out-dir tables $(ls nan/*.csv | grep -v predictions)
says "nan/mlp_n256_lam0.1_seed0_val.csv: line 2: column 'nrmse_joint'"
m mlp 256 0.1 1 val 0.20 0.2 bounds
expect_error "tabulate mixed scalings" tables/table2.csv "$BIN/tabulate" --config "$cfg" --selection sel.csv --out-dir tables $(grid)
says "column 'scaling' value 'bounds'"
m mlp 256 0.1 1 val 0.20 0.2
rm metrics/mlp_n256_lam0.1_seed1_test.*
expect_error "tabulate missing split" tables/table2.csv "$BIN/tabulate" --config "$cfg" --selection sel.csv --out-dir tables $(grid)
says "expected both splits for every seed"
m mlp 256 0.1 1 test 0.30 0.2
rm metrics/mlp_n256_lam0_seed*
expect_error "tabulate no baseline" tables/table2.csv "$BIN/tabulate" --config "$cfg" --selection sel.csv --out-dir tables $(grid)
says "no lambda = 0 metrics"
finish
