#!/usr/bin/env bash
# The learning half end to end on config/test.yaml (32x32, ~580 patterns): split invariants,
# the authors' filter against a numpy transcription of theirs, determinism, identical weights
# from identical seeds, a killed training run resumed to the same weights and the same kept
# epoch, best_val keeping the right epoch, evaluate's metrics, a model that beats the mean
# predictor, and bad input.
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/test.yaml
"$BIN/sample_params" --config "$cfg" --out cand.csv 2>/dev/null
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out turing.csv 2>/dev/null
"$BIN/simulate" --config "$cfg" --in turing.csv --out s1.h5 --first 300 2>/dev/null
"$BIN/simulate" --config "$cfg" --in turing.csv --out s0.h5 --first 0 --count 300 2>/dev/null

# --- split ---
"$BIN/split" --config "$cfg" --out-dir data s1.h5 s0.h5 2>split.log && ok "split ran" || { bad "split"; cat split.log; }
"$BIN/split" --config "$cfg" --out-dir data2 s0.h5 s1.h5 2>/dev/null
cmp -s data/dataset.h5 data2/dataset.h5 && diff -rq data/splits data2/splits >/dev/null \
  && ok "split is deterministic and independent of shard order" || bad "split differs between runs"
/usr/bin/python3 - data/dataset.h5 data/splits <<'PY' && ok "dataset.h5: the first 560 ok ids that pass the authors' filter (numpy, as theirs); test/pools disjoint, nested, 3:1" || bad "dataset/splits contract"
import sys, h5py, numpy as np, glob
f = h5py.File(sys.argv[1]); d = sys.argv[2]
ids = f["id"][:]
assert len(ids) == 560 and np.all(np.diff(ids.astype(np.int64)) > 0), "560 ascending ids"
assert f["u"].shape == (560, 32, 32) and f["u"].dtype == np.float32 and f["params"].shape == (560, 4)
assert set(f["status"][:].tolist()) == {0}, "only ok samples"
# The authors' create_verified_datasets.py, transcribed: variance check, then roughness.
def roughness(image):
    tv = np.sum(np.abs(np.diff(image, axis=0))) + np.sum(np.abs(np.diff(image, axis=1)))
    std = np.std(image)
    return 0 if std < 1e-6 else tv / (std * image.size)
kept, flat, smooth = [], 0, 0
for s in ("s0.h5", "s1.h5"):
    g = h5py.File(s)
    for i in np.nonzero(g["status"][:] == 0)[0]:
        u, v = g["u"][i].astype(np.float64), g["v"][i].astype(np.float64)
        if not (np.std(u) > 0.01 or np.std(v) > 0.01): flat += 1
        elif roughness(u) < 0.20: smooth += 1
        else: kept.append(int(g["id"][i]))
assert ids.tolist() == sorted(kept)[:560], "the first n_samples ok ids that pass the filter"
assert f.attrs["split_filter"] == b"authors" or f.attrs["split_filter"] == "authors", f.attrs["split_filter"]
assert (f.attrs["split_filter_dropped_flat"], f.attrs["split_filter_dropped_smooth"]) == (flat, smooth), (flat, smooth)
print(f"filter: {flat} flat, {smooth} smooth dropped", file=sys.stderr)
read = lambda n: set(np.loadtxt(f"{d}/{n}.csv", skiprows=1, dtype=np.int64).tolist())
test, t256, v256, t512, v512 = read("test"), read("n256_train"), read("n256_val"), read("n512_train"), read("n512_val")
assert len(test) == 48 and (len(t256), len(v256), len(t512), len(v512)) == (192, 64, 384, 128)
assert t256 <= t512 and v256 <= v512 and not (t512 & v512) and not (test & (t512 | v512))
assert (test | t512 | v512) <= set(ids.tolist())
PY
expect_error "split: too few ok samples" data3/dataset.h5 "$BIN/split" --config "$cfg" --out-dir data3 --n-samples 5000 s0.h5
grep -q "missing" stderr.txt && ok "the error says how many are missing" || bad "no count of missing samples"
expect_error "split: not an HDF5 file" data3/dataset.h5 "$BIN/split" --config "$cfg" --out-dir data3 cand.csv
expect_error "split: pool not a multiple of 4" data3/dataset.h5 "$BIN/split" --config "$cfg" --out-dir data3 s0.h5 --n-test 1 --n-samples 3

# --- train: determinism and resume ---
T=("$BIN/train" --config "$cfg" --data data/dataset.h5 --splits data/splits)
"${T[@]}" --n 256 --arch cnn_l1_none --lambda 0.1 --epochs 3 --out-dir det1 2>/dev/null
"${T[@]}" --n 256 --arch cnn_l1_none --lambda 0.1 --epochs 3 --out-dir det2 2>/dev/null
cmp -s det1/model.pt det2/model.pt && ok "same seed: identical weights (byte-identical model.pt)" || bad "same seed, different weights"
"${T[@]}" --n 256 --arch cnn_l1_none --lambda 0.1 --epochs 3 --seed 7 --out-dir det3 2>/dev/null
cmp -s det1/model.pt det3/model.pt && bad "another seed gave the same weights" || ok "another seed: other weights"
[ "$(head -1 det1/log.csv)" = "epoch,train_loss,train_data,train_phy,val_nrmse_joint,val_nrmse_eq13,val_r2,val_residual,kept_epoch,lr,seconds" ] \
  && [ "$(wc -l <det1/log.csv)" -eq 4 ] && [ -s det1/settings.yaml ] && [ ! -e det1/state.pt ] \
  && ok "model dir: settings.yaml, log.csv (3 epochs), model.pt, no state.pt" || bad "model dir contents"

sed 's/^  residual_mask: all/  residual_mask: all\n  checkpoint_seconds: 0/' "$cfg" >ckpt.yaml
R=("$BIN/train" --config ckpt.yaml --data data/dataset.h5 --splits data/splits --n 256 --arch cnn_l2_maxpool --lambda 0.1 --epochs 40)
"${R[@]}" --out-dir full 2>/dev/null
"${R[@]}" --out-dir killed 2>killed.log &
pid=$!
wait_for 120 grep -q "epoch 5/40" killed.log || true  # (a finished run is caught below)
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true
if [ -e killed/model.pt ]; then bad "the run finished before it was killed"
else
  "${R[@]}" --out-dir killed 2>resumed.log
  grep -q "resuming after epoch" resumed.log && ok "killed run resumed: $(grep -o 'resuming after epoch [0-9]*' resumed.log)" || bad "did not resume"
  cmp -s full/model.pt killed/model.pt && ok "resumed run ends with the uninterrupted run's weights" || bad "resumed weights differ"
  diff <(cut -d, -f1-10 full/log.csv) <(cut -d, -f1-10 killed/log.csv) >/dev/null \
    && ok "and the same log, kept epoch $(tail -1 killed/log.csv | cut -d, -f9) of 40" || bad "resumed log differs"
fi

# --- train.keep: best_val on a controlled run: a sane first epoch (lr 1e-4), then lr 1 wrecks
# the net, so the best validation epoch is an early one; model.pt must hold that epoch ---
sed 's/^  lr: 1.0e-3/  lr: 1.0/; s/^  lr_start: 1.0e-6/  lr_start: 1.0e-4/; s/^  warmup_fraction: 0.1/  warmup_fraction: 0.5/' "$cfg" >wreck.yaml
"$BIN/train" --config wreck.yaml --data data/dataset.h5 --splits data/splits --n 256 --arch cnn_l1_none --lambda 0 --epochs 8 --out-dir wreck 2>/dev/null
"$BIN/evaluate" --config wreck.yaml --model wreck --data data/dataset.h5 --splits data/splits --split val --out wreck.csv 2>/dev/null
/usr/bin/python3 - wreck/log.csv wreck.csv <<'PY' && ok "best_val: model.pt is the epoch with the lowest val joint NRMSE ($(tail -1 wreck/log.csv | cut -d, -f9) of 8)" || bad "best_val kept the wrong epoch"
import csv, sys
log = list(csv.DictReader(open(sys.argv[1])))
vals = [float(r["val_nrmse_joint"]) for r in log]
best = vals.index(min(vals)) + 1
kept = int(log[-1]["kept_epoch"])
assert kept == best and kept < len(vals), (kept, best, vals)
assert [int(r["kept_epoch"]) for r in log] == [vals.index(min(vals[:i + 1])) + 1 for i in range(len(vals))]
ev = float(next(csv.DictReader(open(sys.argv[2])))["nrmse_joint"])
assert abs(ev - vals[kept - 1]) <= 1e-6 * vals[kept - 1], (ev, vals[kept - 1], vals[-1])
PY
sed 's/^  keep: best_val/  keep: last/' wreck.yaml >last.yaml
"$BIN/train" --config last.yaml --data data/dataset.h5 --splits data/splits --n 256 --arch cnn_l1_none --lambda 0 --epochs 8 --out-dir wlast 2>/dev/null
"$BIN/evaluate" --config last.yaml --model wlast --data data/dataset.h5 --splits data/splits --split val --out wlast.csv 2>/dev/null
[ "$(tail -1 wlast/log.csv | cut -d, -f5,9)" = "$(awk -F, 'NR==2{printf "%s,8", $8}' wlast.csv)" ] \
  && ok "keep last: model.pt is epoch 8" || bad "keep last: $(tail -1 wlast/log.csv) vs $(cat wlast.csv)"

# --- a model that learns: beats the mean predictor on val by a clear margin ---
"${T[@]}" --n 512 --arch cnn_l2_maxpool --lambda 0 --epochs 100 --out-dir learn 2>/dev/null
E=("$BIN/evaluate" --config "$cfg" --data data/dataset.h5 --splits data/splits)
"${E[@]}" --model learn --split val --out val.csv 2>eval.log && "${E[@]}" --model learn --split test --out test.csv 2>/dev/null
[ "$(head -1 val.csv)" = "arch,n,lambda,seed,split,scaling,noise,nrmse_joint,nrmse_eq13,r2,r2_a,r2_b,r2_c,r2_delta,rmse_a,rmse_b,rmse_c,rmse_delta,residual,residual_gt_fd,residual_gt_spectral,nrmse_joint_trivial,nrmse_eq13_trivial,samples,time" ] \
  && ok "metrics columns" || bad "metrics header: $(head -1 val.csv)"
[ "$(wc -l <test.predictions.csv)" -eq 49 ] && ok "48 test predictions" || bad "predictions rows"
awk -F, 'NR==2 { exit !($8 < 0.8 * $22 && $9 < 0.8 * $23 && $10 > 0.3) }' val.csv \
  && ok "beats the mean predictor by > 20%: joint $(awk -F, 'NR==2{print $8" vs "$22", Eq. 13 "$9" vs "$23", R^2 "$10}' val.csv)" || bad "does not beat the mean predictor: $(cat val.csv)"
/usr/bin/python3 - val.csv val.predictions.csv data/splits/n512_val.csv <<'PY' && ok "evaluate's joint NRMSE, Eq. 13 and R^2 equal scikit-learn-style numpy on its predictions (split scaling)" || bad "metrics differ from numpy"
import csv, sys, numpy as np
m = next(csv.DictReader(open(sys.argv[1])))
p = list(csv.DictReader(open(sys.argv[2])))
n = ["a", "b", "c", "delta"]
t = np.array([[float(r[k]) for k in n] for r in p]); y = np.array([[float(r[k + "_pred"]) for k in n] for r in p])
lo, hi = t.min(0), t.max(0)
tn, yn = (t - lo) / (hi - lo), (y - lo) / (hi - lo)
joint = np.sqrt(np.mean((yn - tn) ** 2)) / np.linalg.norm(tn.mean(0))
eq13 = np.mean(np.linalg.norm(yn - tn, axis=1))
r2 = np.mean(1 - ((yn - tn) ** 2).sum(0) / ((tn - tn.mean(0)) ** 2).sum(0))
assert m["scaling"] == "split" and int(m["samples"]) == len(p) == 128
for k, v in (("nrmse_joint", joint), ("nrmse_eq13", eq13), ("r2", r2)):
    assert abs(float(m[k]) - v) <= 1e-5 * max(1, abs(v)), (k, m[k], v)
PY
awk -F, 'NR==2 { exit !($21 < 1e-4 && $20 > 10 * $21 && $19 > $20) }' val.csv \
  && ok "residual floors: spectral < 5-point < predicted" || bad "residual floors: $(cat val.csv)"

# --- bad input ---
expect_error "train: bad architecture" bad/model.pt "${T[@]}" --n 256 --arch cnn_l3_avg --lambda 0 --out-dir bad
expect_error "train: pool not in the splits" bad/model.pt "${T[@]}" --n 1000 --arch mlp --lambda 0 --out-dir bad
expect_error "train: negative lambda" bad/model.pt "${T[@]}" --n 256 --arch mlp --lambda -1 --out-dir bad
expect_error "evaluate: no model" out.csv "${E[@]}" --model nonexistent --split test --out out.csv
expect_error "evaluate: bad split" out.csv "${E[@]}" --model learn --split holdout --out out.csv
finish
