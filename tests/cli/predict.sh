#!/usr/bin/env bash
# predict on a user's files: a shard sample written as 16- and 8-bit PNG, 16-bit TIFF, .npy and a
# CSV matrix gives the parameters fit and evaluate give on that sample, within the quantisation;
# a model refuses a grid it was not trained on unless --resize; --resimulate writes the pattern;
# bad files get one line and no output.
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/test.yaml
P=/usr/bin/python3
"$BIN/sample_params" --config "$cfg" --n 1500 --out cand.csv 2>/dev/null
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out turing.csv 2>/dev/null
# T = 5000 (the paper's, with early stop): steady patterns, which the fit recovers.
"$BIN/simulate" --config "$cfg" --in turing.csv --out steady.h5 --count 6 --t-max 5000 2>/dev/null
"$BIN/fit" --config "$cfg" steady.h5 --out fit.csv 2>/dev/null

# One steady sample in every format; integer images span the pattern's own min..max.
$P - steady.h5 <<'PY'
import sys
import h5py, numpy as np
from PIL import Image
f = h5py.File(sys.argv[1], "r")
k = [i for i, s in enumerate(f["status"][:]) if s == 0][0]
u = f["u"][k]
lo, hi = float(u.min()), float(u.max())
x = (u.astype(np.float64) - lo) / (hi - lo)
Image.fromarray(np.round(x * 65535).astype(np.uint16), mode="I;16").save("s16.png")
Image.fromarray(np.round(x * 255).astype(np.uint8), mode="L").save("s8.png")
Image.fromarray(np.round(x * 65535).astype(np.uint16), mode="I;16").save("s16.tif")
np.save("s.npy", u)
np.save("stack.npy", f["u"][:3])
np.savetxt("s.csv", u, delimiter=",", fmt="%.9g")
open("id.txt", "w").write(str(int(f["id"][k])))
open("range.txt", "w").write(f"{lo!r} {hi!r}")
# bad files
open("trunc.png", "wb").write(open("s16.png", "rb").read()[:200])
Image.fromarray((x > 0.5)).save("bits1.png")
Image.fromarray(np.stack([np.round(x * 255).astype(np.uint8)] * 3, -1), mode="RGB").save("rgb.png")
Image.fromarray(np.round(x[:, :20] * 255).astype(np.uint8), mode="L").save("wide.png")
bad = u.copy(); bad[3, 4] = np.nan; np.save("nan.npy", bad)
Image.fromarray(np.round(np.kron(x, np.ones((2, 2))) * 65535).astype(np.uint16), mode="I;16").save("big16.png")
PY
id=$(cat id.txt); R=$(cat range.txt)
"$BIN/predict" --config "$cfg" --fit s16.png s8.png s16.tif --value-range $R --out img.csv 2>pred.txt || { bad "predict images"; cat pred.txt; }
"$BIN/predict" --config "$cfg" --fit s.npy s.csv stack.npy --out arr.csv 2>/dev/null || bad "predict arrays"
# Quantisation acts like observation noise of sigma = 1 / (sqrt(12) (2^bits - 1)) of the range:
# 4.4e-6 for 16 bits, 1.1e-3 for 8. The fit's error grows about linearly with the noise level
# (fit.sh; table5): ~0.02 joint NRMSE at 1e-3 on 32x32 patterns. So 16 bits: 1e-3 relative per
# parameter (a factor ~10 above the expected 1e-4); 8 bits: 0.2. .npy and the CSV matrix (9
# significant digits round-trip float32) carry u exactly: the same bits as fit's estimate.
$P - fit.csv img.csv arr.csv "$id" <<'PY' && ok "predict --fit on PNG/TIFF/npy/CSV matches fit on the shard (16-bit 1e-3, 8-bit 0.2, float exact)" || bad "predict vs fit"
import csv, sys
fit = {r["id"]: r for r in csv.DictReader(open(sys.argv[1]))}[sys.argv[4]]
img = {r["file"]: r for r in csv.DictReader(open(sys.argv[2]))}
arr = {r["file"]: r for r in csv.DictReader(open(sys.argv[3]))}
def rel(r, k): return abs(float(r[k]) - float(fit[k + "_fit"])) / abs(float(fit[k + "_fit"]))
for name, tol in (("s16.png", 1e-3), ("s16.tif", 1e-3), ("s8.png", 0.2)):
    for k in ("a", "b", "c", "delta"):
        assert rel(img[name], k) < tol, (name, k, rel(img[name], k))
for name in ("s.npy", "s.csv"):
    for k in ("a", "b", "c", "delta"):
        assert float(arr[name][k]) == float(fit[k + "_fit"]), (name, k, arr[name][k], fit[k + "_fit"])
assert img["s16.png"]["method"] == "fit_u" and img["s16.png"]["status"] == "converged"
assert [f for f in arr if f.startswith("stack")] == ["stack.npy[0]", "stack.npy[1]", "stack.npy[2]"], arr
PY

"$BIN/predict" --config "$cfg" --fit s16.png s8.png --value-range $R --out p1.csv 2>/dev/null || bad "predict p1"
"$BIN/fit" --config "$cfg" s16.png s8.png --value-range $R --out p2.csv 2>/dev/null || bad "fit on images"
cmp -s p1.csv p2.csv && ok "fit on a user's files writes predict --fit's rows" || bad "fit and predict --fit differ on user files"

# A model: train on the test config's data for a few epochs, then compare with evaluate.
"$BIN/sample_params" --config "$cfg" --out all.csv 2>/dev/null
"$BIN/lsa_filter" --config "$cfg" --in all.csv --out all_turing.csv 2>/dev/null
"$BIN/simulate" --config "$cfg" --in all_turing.csv --out sim.h5 2>/dev/null
"$BIN/split" --config "$cfg" --out-dir data sim.h5 2>/dev/null
"$BIN/train" --config "$cfg" --data data/dataset.h5 --splits data/splits --arch cnn_l1_none --n 256 --lambda 0 \
  --epochs 3 --out-dir model 2>/dev/null || bad "train"
"$BIN/evaluate" --config "$cfg" --model model --data data/dataset.h5 --splits data/splits --split test --out ev.csv 2>/dev/null
$P - data/dataset.h5 data/splits/test.csv <<'PY'
import sys
import h5py, numpy as np
from PIL import Image
f = h5py.File(sys.argv[1], "r")
ids = list(f["id"][:])
t = int(open(sys.argv[2]).read().split()[1])
u = f["u"][ids.index(t)]
lo, hi = float(u.min()), float(u.max())
Image.fromarray(np.round((u - lo) / (hi - lo) * 65535).astype(np.uint16), mode="I;16").save("m16.png")
open("mid.txt", "w").write(str(t)); open("mrange.txt", "w").write(f"{lo!r} {hi!r}")
PY
"$BIN/predict" --config "$cfg" --model model m16.png --value-range $(cat mrange.txt) --out model.csv 2>/dev/null \
  || bad "predict --model"
$P - ev.predictions.csv model.csv "$(cat mid.txt)" <<'PY' && ok "predict --model on a 16-bit PNG matches evaluate's prediction (1e-3)" || bad "predict vs evaluate"
import csv, sys
ev = {r["id"]: r for r in csv.DictReader(open(sys.argv[1]))}[sys.argv[3]]
p = next(csv.DictReader(open(sys.argv[2])))
for k in ("a", "b", "c", "delta"):
    err = abs(float(p[k]) - float(ev[k + "_pred"])) / abs(float(ev[k + "_pred"]))
    assert err < 1e-3, (k, p[k], ev[k + "_pred"], err)
assert p["method"] == "model:cnn_l1_none", p
PY
expect_error "predict --model on a grid it was not trained on" big.csv \
  "$BIN/predict" --config "$cfg" --model model big16.png --value-range $R --out big.csv
"$BIN/predict" --config "$cfg" --model model big16.png --value-range $R --resize --out big.csv 2>resize.txt \
  && grep -q "resampled 64x64 -> 32x32" resize.txt && ok "--resize resamples to the model's grid" || bad "--resize"
"$BIN/predict" --config "$cfg" --fit s16.png --value-range $R --resimulate resim --out r.csv 2>/dev/null
$P -c "
from PIL import Image; im = Image.open('resim/s16.png.resim.png'); assert im.size == (32, 32) and im.mode.startswith('I'), im.mode" \
  && ok "--resimulate writes the re-simulated pattern as a 16-bit PNG" || bad "--resimulate"

# Bad input: one line, non-zero exit, no output.
expect_error "truncated PNG" o.csv "$BIN/predict" --config "$cfg" --fit trunc.png --value-range 0 1 --out o.csv
expect_error "1-bit PNG" o.csv "$BIN/predict" --config "$cfg" --fit bits1.png --value-range 0 1 --out o.csv
expect_error "RGB PNG" o.csv "$BIN/predict" --config "$cfg" --fit rgb.png --value-range 0 1 --out o.csv
expect_error "non-square image" o.csv "$BIN/predict" --config "$cfg" --fit wide.png --value-range 0 1 --out o.csv
expect_error "NaN in .npy" o.csv "$BIN/predict" --config "$cfg" --fit nan.npy --out o.csv
expect_error "PNG without --value-range" o.csv "$BIN/predict" --config "$cfg" --fit s16.png --out o.csv
expect_error "float .npy with --value-range" o.csv "$BIN/predict" --config "$cfg" --fit s.npy --value-range 0 1 --out o.csv
expect_error "no method" o.csv "$BIN/predict" --config "$cfg" s.npy --out o.csv
expect_error "HDF5 without --h5-dataset" o.csv "$BIN/predict" --config "$cfg" --fit steady.h5 --out o.csv
cp s.npy same.npy
expect_error "--out is an input" same.npy.x "$BIN/predict" --config "$cfg" --fit same.npy --out same.npy
cmp -s s.npy same.npy && ok "the input survived" || bad "--out onto an input destroyed it"
finish
