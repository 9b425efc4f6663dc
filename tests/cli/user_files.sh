#!/usr/bin/env bash
# A user's own files and the failure paths of the features around them (issue 21), one case per
# problem fixed; each failed before its fix. A refusal is one line naming the file, a non-zero
# exit and no output.
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/test.yaml
P=/usr/bin/python3
"$BIN/sample_params" --config "$cfg" --n 300 --out cand.csv 2>/dev/null
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out turing.csv 2>/dev/null
"$BIN/simulate" --config "$cfg" --in turing.csv --out steady.h5 --count 3 --t-max 5000 2>/dev/null
sed 's/^  n: 32$/  n: 64/' "$cfg" >c64.yaml
grep -q '^  n: 64$' c64.yaml
"$BIN/simulate" --config c64.yaml --in turing.csv --out steady64.h5 --count 1 --t-max 5000 2>/dev/null

$P - <<'PY'
import shutil, struct, zlib
import h5py, numpy as np
from PIL import Image
f = h5py.File("steady.h5", "r")
assert list(f["status"][:]) == [0, 0, 0], f["status"][:]
np.save("s.npy", f["u"][0])
np.save("s64.npy", h5py.File("steady64.h5", "r")["u"][0])
np.save("flat.npy", np.ones((32, 32), np.float32))
np.save("big_values.npy", np.full((32, 32), 1e300))
Image.fromarray((np.random.default_rng(0).random((32, 32)) * 255).astype(np.uint8), mode="L").save("g.png")
open("subnormal.csv", "w").write("\n".join(",".join(["1e-310"] * 4) for _ in range(4)) + "\n")

def npy(name, shape, payload=b"\0" * 64):
    h = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % shape
    h += " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
    open(name, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + payload)
npy("wrap.npy", "(4611686018427387904, 4, 4)")   # the product of the sizes wraps to 0 (SIGSEGV before)
npy("neg.npy", "(-32, -32)")
npy("word.npy", "(abc, 32)")
npy("short.npy", "(32, 32)")                      # 4096 bytes declared, 64 present
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open("huge.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0))
                             + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b""))
# 74 bytes declaring 8000 x 8000 (within the value limit): more than deflate's 1032:1 can hold
open("deflated.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 5000, 5000, 8, 0, 0, 0, 0))
                                 + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b""))
def tiff(name, w, h, data):
    e = [(256, 4, w), (257, 4, h), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8 + 2 + 12 * 9 + 4), (277, 3, 1),
         (278, 4, h), (279, 4, len(data))]
    ifd = struct.pack("<H", len(e)) + b"".join(struct.pack("<HHII", t, ty, 1, v) if ty == 4 else
                                               struct.pack("<HHIHH", t, ty, 1, v, 0) for t, ty, v in e)
    open(name, "wb").write(b"II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + data)
tiff("huge.tif", 100000, 100000, b"\0" * 16)
tiff("short.tif", 4000, 4000, b"\0" * 16)          # uncompressed: 16 MB declared, 16 bytes present
with h5py.File("huge.h5", "w") as g: g.create_dataset("u", shape=(100000, 100000), dtype="f4", chunks=(64, 64))
with h5py.File("unwritten.h5", "w") as g: g.create_dataset("u", shape=(2000, 2000), dtype="f4", chunks=(64, 64))
# a shard whose first sample is flat: its fit fails
shutil.copy("steady.h5", "flat.h5")
with h5py.File("flat.h5", "r+") as g:
    u = g["u"][:]; u[0] = 1.0; g["u"][...] = u
# a shard with a NaN parameter
shutil.copy("steady.h5", "nanp.h5")
with h5py.File("nanp.h5", "r+") as g:
    p = g["params"][:]; p[1, 1] = np.nan; g["params"][...] = p
PY

# 1. Readers trust the sizes a file declares.
for f in wrap.npy neg.npy word.npy short.npy huge.png deflated.png huge.tif short.tif huge.h5 unwritten.h5; do
  extra=(); case $f in *.png|*.tif) extra=(--value-range 0 1);; *.h5) extra=(--h5-dataset u);; esac
  (ulimit -v 4000000; expect_error "predict --fit $f" o.csv "$BIN/predict" --config "$cfg" --fit $f "${extra[@]}" --out o.csv)
  says "$f: "
done

# 2. A failed fit writes a whole row; values that cannot work are refused up front.
"$BIN/predict" --config "$cfg" --fit flat.npy s.npy --out flat.csv 2>/dev/null || bad "predict of a flat pattern"
awk -F, '{ print NF }' flat.csv | sort -u | paste -sd' ' | grep -qx 8 && grep -q '^flat.npy,,,,,,fit_u,failed$' flat.csv \
  && ok "predict: a failed fit's row has all 8 fields, empty where there is no estimate" || bad "ragged rows: $(cat flat.csv)"
"$BIN/fit" --config "$cfg" --out fitflat.csv flat.h5 2>/dev/null || bad "fit of a shard with a flat sample"
[ "$(awk -F, '{ print NF }' fitflat.csv | sort -u)" = 15 ] && grep -q ',failed,' fitflat.csv \
  && ok "fit: every row has all 15 fields, a failed one too" || bad "fit rows: $(cat fitflat.csv)"
for r in "0 inf" "0 1e300" "-1e308 1e308"; do
  expect_error "--value-range $r" o.csv "$BIN/predict" --config "$cfg" --fit g.png --value-range $r --out o.csv
done
expect_error "float data beyond float32" o.csv "$BIN/predict" --config "$cfg" --fit big_values.npy --out o.csv
expect_error "fit --noise 1e308" o.csv "$BIN/fit" --config "$cfg" --noise 1e308 --out o.csv steady.h5
says "noise level from 0 to 1"
sed 's/^  levels: .*/  levels: [0, 1e308]/' "$cfg" >noisy.yaml
grep -q 'levels: \[0, 1e308\]' noisy.yaml
expect_error "noise.levels: 1e308" o.csv "$BIN/sample_params" --config noisy.yaml --out o.csv

# 3. --resimulate outputs follow the output rules.
mkdir -p d1 d2 rs
cp s.npy d1/x.npy && cp s.npy d2/x.npy
expect_error "--resimulate: two inputs named x.npy" o.csv "$BIN/predict" --config "$cfg" --fit d1/x.npy d2/x.npy \
  --resimulate rs1 --out o.csv
[ ! -e rs1 ] && ok "... no folder made" || bad "rs1 left behind"
cp g.png rs/s.npy.resim.png && cp g.png keep.png
expect_error "--resimulate onto an input" o.csv "$BIN/predict" --config "$cfg" --fit s.npy rs/s.npy.resim.png \
  --value-range 0 1 --resimulate rs --out o.csv
cmp -s keep.png rs/s.npy.resim.png && ok "... the input survived" || bad "an input was overwritten"
touch afile
expect_error "--resimulate onto a regular file" o.csv "$BIN/predict" --config "$cfg" --fit s.npy --resimulate afile --out o.csv
says "not a folder"
# A full disk while writing: the 64x64 re-simulation (~8 kB) fails after the 32x32 one (~2 kB) was written.
rm -rf rsfull
(trap '' XFSZ; ulimit -f 4; late "--resimulate on a full disk" o.csv "$BIN/predict" --config "$cfg" --fit s.npy s64.npy \
  --resimulate rsfull --out o.csv)
[ ! -e rsfull ] && ok "... no PNG and no folder left" || bad "left on a full disk: $(ls -R rsfull)"
"$BIN/predict" --config "$cfg" --fit s.npy s64.npy --resimulate rsok --out ok.csv 2>/dev/null \
  && [ -s rsok/s.npy.resim.png ] && [ -s rsok/s64.npy.resim.png ] && ok "--resimulate writes both PNGs" || bad "resimulate"
expect_error "predict --fit --resize" o.csv "$BIN/predict" --config "$cfg" --fit s.npy --resize --out o.csv

# 4. Rules between keys are checked by every tool, before any work.
sed 's/^  figure2_params: .*/  figure2_params: [0.0384, 1.9097, 4.5398]/' "$cfg" >fig2.yaml
sed 's/^  c: \[.*\]/  c: [0, 7]/' "$cfg" >c0.yaml
grep -q 'figure2_params: \[0.0384, 1.9097, 4.5398\]$' fig2.yaml && grep -q '^  c: \[0, 7\]' c0.yaml
for tool in sample_params lsa_filter simulate; do
  expect_error "$tool: figure2_params of 3 values for murray" o.csv "$BIN/$tool" --config fig2.yaml --check-config
  says "fig2.yaml: key 'tabulate.figure2_params'"
  expect_error "$tool: params.c [0, 7] with the fit on" o.csv "$BIN/$tool" --config c0.yaml --check-config
  says "c0.yaml: key 'params.c'"
done
sed 's/^  variants: \[u, uv, u_band\].*/  variants: []/' c0.yaml >c0nofit.yaml
grep -q 'variants: \[\]' c0nofit.yaml
"$BIN/sample_params" --config c0nofit.yaml --check-config 2>/dev/null && ok "params.c [0, 7] with fit.variants []: accepted" \
  || bad "c = 0 refused without the fit"
expect_error "predict --fit under params.c [0, 7]" o.csv "$BIN/predict" --config c0nofit.yaml --fit s.npy --out o.csv
says "c0nofit.yaml: key 'params.c'"
expect_error "split: Gierer-Meinhardt shards under a Schnakenberg config" sd "$BIN/split" \
  --config "$SRC/config/test_schnakenberg.yaml" --out-dir sd steady.h5
says "expected .*test_schnakenberg.yaml's model.kinetics schnakenberg"

# 5. Numbers at the edges.
"$BIN/predict" --config "$cfg" --fit subnormal.csv --out sub.csv 2>/dev/null && ok "a subnormal 1e-310 is a number" \
  || bad "subnormal refused"
printf 'id,a,b,c,delta\n0,0.1,1,1,50\n7,0.1,1e-300,1,50\n' >tiny.csv
expect_error "lsa_filter: b = 1e-300" o.csv "$BIN/lsa_filter" --config "$cfg" --in tiny.csv --out o.csv
says "tiny.csv: line 3 (id 7)"
expect_error "fit: a NaN parameter in a shard" o.csv "$BIN/fit" --config "$cfg" --out o.csv nanp.h5
says "nanp.h5: id"

# 6. reproducible: strict checks the variables it needs, not a flag.
{ grep -v '^reproducible:' "$cfg"; echo "reproducible: strict"; } >strict.yaml
PRESS_STRICT=1 "$BIN/simulate" --config strict.yaml --in turing.csv --out long.h5 --t-max 100000 --early-stop false \
  --threads 1 2>strict.log &
pid=$!
if wait_for 120 grep -q "CPU code paths pinned" strict.log; then
  tr '\0' '\n' </proc/$pid/environ | grep -q '^GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4$' \
    && ok "strict with PRESS_STRICT=1 inherited: the pins are in the tool's environment" \
    || bad "strict logged 'pinned' without the pins in its environment"
else bad "strict: no pinned line: $(cat strict.log)"; fi
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true
PRESS_STRICT=1 "$BIN/sample_params" --config "$cfg" --n 5 --out d.csv 2>default.log
grep -q "pinned" default.log && bad "reproducible: default logged pinned code paths" || ok "default: no false 'pinned' line"
loader=$(readelf -l "$BIN/sample_params" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
"$loader" "$BIN/sample_params" --config strict.yaml --n 5 --out l.csv 2>loader.log \
  && grep -q "strict: CPU code paths pinned" loader.log && ok "strict through the dynamic loader ($loader)" \
  || bad "strict through $loader: $(cat loader.log)"

# 7. report.py and figures.py: one line naming the file, no traceback, no output.
F=("$P" "$SRC/tools/figures.py")
printf 'noise,scaling,lambda_phy\n0,split,0.1\n' >t5_nocol.csv
printf 'name: [unclosed\n' >broken.yaml
echo "not hdf5" >broken.h5
printf 'arch,n,lambda_val\n' >sel_empty.csv
expect_error "figures: missing table" newdir "${F[@]}" noise --config "$cfg" --table5 missing.csv --out newdir/f.png
says "missing.csv"
expect_error "figures: table without its columns" f.png "${F[@]}" noise --config "$cfg" --table5 t5_nocol.csv --out f.png
says "t5_nocol.csv"
expect_error "figures: corrupt config" f.png "${F[@]}" noise --config broken.yaml --table5 t5_nocol.csv --out f.png
says "broken.yaml"
expect_error "figures: corrupt dataset" f.png "${F[@]}" figure1 --config "$cfg" --data broken.h5 --turing turing.csv --out f.png
says "broken.h5"
expect_error "figures: empty selection" f.png "${F[@]}" curves --config "$cfg" --selection sel_empty.csv --out f.png
says "sel_empty.csv"
mkdir -p run/sim
cp "$cfg" run/config.yaml
expect_error "report: missing candidates.csv" r.html "$P" "$SRC/tools/report.py" --results run --bin "$BIN" --repo "$SRC" \
  --tables run/tables.html --out r.html g.png
says "run/candidates.csv"
mkdir -p run/data && cp cand.csv run/candidates.csv && cp turing.csv run/turing.csv && cp broken.h5 run/data/dataset.h5
expect_error "report: corrupt dataset" r.html "$P" "$SRC/tools/report.py" --results run --bin "$BIN" --repo "$SRC" --tables run/tables.html --out r.html g.png
says "run/data/dataset.h5"
/usr/bin/python3 -c "import h5py; h5py.File('run/data/dataset.h5', 'w').attrs['split_seed'] = 1"
expect_error "report: a dataset from before split counted statuses" r.html "$P" "$SRC/tools/report.py" --results run \
  --bin "$BIN" --repo "$SRC" --tables run/tables.html --out r.html g.png
says "run/data/dataset.h5: no attribute 'simulated_ok'"

# 9. Conflicting options.
expect_error "simulate --plan-only with --in/--out" o.h5 "$BIN/simulate" --config "$cfg" --plan-only --wisdom w \
  --in turing.csv --out o.h5
finish
