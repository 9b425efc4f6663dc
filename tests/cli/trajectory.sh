#!/usr/bin/env bash
# Trajectories (issue 23): simulate's explicit Euler 9-point integrator on Gray-Scott from the NCA
# paper's rectangles, with frames, against an independent numpy integration
# (tests/reference/euler_reference.py) in float64 and float32; reruns byte-identical; memory flat
# however many frames; a killed run leaves no shard; and the config's rules between the keys.
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/test_gray_scott.yaml
printf 'id,F,k,d\n0,0.0623,0.06258,0.5\n1,0.0623,0.06258,0.5\n2,0.061,0.0625,0.48\n' >traj.csv
"$BIN/simulate" --config "$cfg" --in traj.csv --out gs64.h5 2>log.txt || { bad "simulate failed"; cat log.txt; }
/usr/bin/python3 "$SRC/tests/reference/euler_reference.py" "$cfg" gs64.h5 --rtol 1e-12 >ref.txt \
  && ok "float64 frames == numpy reference ($(cut -d';' -f2 ref.txt))" || { bad "float64 frames"; cat ref.txt; }
"$BIN/simulate" --config "$cfg" --in traj.csv --out gs32.h5 --precision float32 2>/dev/null
# float32 rounding over 400 explicit steps: measured 1.8e-6 relative; 1e-5 asked.
/usr/bin/python3 "$SRC/tests/reference/euler_reference.py" "$cfg" gs32.h5 --rtol 1e-5 >ref32.txt \
  && ok "float32 frames == numpy reference ($(cut -d';' -f2 ref32.txt))" || { bad "float32 frames"; cat ref32.txt; }
"$BIN/simulate" --config "$cfg" --in traj.csv --out again.h5 2>/dev/null
cmp -s gs64.h5 again.h5 && ok "rerun byte-identical" || bad "rerun differs"
/usr/bin/python3 -c "import h5py; a = h5py.File('gs64.h5').attrs; assert a['integrator'] in (b'euler9', 'euler9') and a['frame_every'] == 40" \
  && ok "shard records integrator euler9, frame_every 40" || bad "integrator/frame_every attributes"

# Memory stays flat: 64^2, 1024 steps, a frame every step (4 x 1025 x 2 frames = 134 MB of float32).
sed 's/n: 32,/n: 64,/; s/t_max: 400/t_max: 1024/; s/frame_every: 40/frame_every: 1/; s/precision: float64/precision: float32/' \
  "$cfg" >big.yaml
printf 'id,F,k,d\n0,0.0623,0.06258,0.5\n1,0.0623,0.06258,0.5\n2,0.0623,0.06258,0.5\n3,0.0623,0.06258,0.5\n' >t4.csv
"$BIN/simulate" --config big.yaml --in t4.csv --out big.h5 2>big.txt
rss=$(grep -o 'peak RSS [0-9.]* MiB' big.txt | grep -o '[0-9.]*' | cut -d. -f1)
[ -n "$rss" ] && [ "$rss" -lt 80 ] && ok "4 x 1025 frames of 64^2 (134 MB) written with peak RSS $rss MiB" \
  || bad "peak RSS ${rss:-?} MiB for 134 MB of frames"
/usr/bin/python3 -c "import h5py, sys; f = h5py.File('big.h5'); assert f['frames_u'].shape == (4, 1025, 64, 64), f['frames_u'].shape" \
  && ok "frames_u [4, 1025, 64, 64]" || bad "frames shape"

# Killed mid-run (once its temporary exists): no shard under the final name.
sed 's/t_max: 1024/t_max: 20000/' big.yaml >long.yaml
"$BIN/simulate" --config long.yaml --in t4.csv --out killed.h5 --threads 1 2>/dev/null &
pid=$!
for _ in $(seq 1 200); do ls killed.h5.tmp.* >/dev/null 2>&1 && break; sleep 0.05; done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
[ ! -e killed.h5 ] && ok "kill -9 mid-run: no killed.h5" || bad "killed.h5 exists after kill -9"

# Rules between keys: one line, no output.
sed 's/early_stop: false/early_stop: true/' "$cfg" >stop.yaml
expect_error "frames with early_stop" o.h5 "$BIN/simulate" --config stop.yaml --in traj.csv --out o.h5
says "simulate.early_stop"
sed 's/solver: cpu/solver: gpu/' "$cfg" >gpu.yaml
expect_error "euler9 on the gpu" o.h5 "$BIN/simulate" --config gpu.yaml --in traj.csv --out o.h5
says "expected cpu with simulate.integrator euler9"
# The spectral scheme saves frames on either backend: the config passes, then the GPU is the only
# thing missing here (or, on a GPU machine, the frames are written).
sed 's/integrator: euler9/integrator: spectral/' gpu.yaml >gpu_spectral.yaml
"$BIN/simulate" --config gpu_spectral.yaml --check-config >/dev/null 2>&1 \
  && ok "frames with solver gpu and the spectral scheme: config accepted" || bad "gpu frames config refused"
sed 's/- \[12, 20, 12, 20\]/- [12, 40, 12, 20]/' "$cfg" >rect.yaml
expect_error "rectangle outside the grid" o.h5 "$BIN/simulate" --config rect.yaml --in traj.csv --out o.h5
says "simulate.rectangles\[0\]\[0\]"
finish
