#!/usr/bin/env bash
# The NCA end to end at toy scale (issue 23): Gray-Scott trajectories with frames -> train_nca ->
# rollout against the PDE past the training horizon. Training twice gives the same model.pt bits;
# the scores carry every frame of the test trajectories; the model has the paper's 776
# parameters; a shard without frames, a t that is not a multiple of the frame spacing and a
# missing model each give one line and no output.
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/test_gray_scott.yaml
/usr/bin/python3 - "$cfg" <<'PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))
c["simulate"].update(frame_every=20, precision="float32")
c["nca"].update(t=40, epochs=3, channels=4)
yaml.safe_dump(c, open("c.yaml", "w"))
c["nca"].update(epochs=8, checkpoint_seconds=0)
yaml.safe_dump(c, open("c8.yaml", "w"))
PY
printf 'id,F,k,d\n0,0.0623,0.06258,0.5\n1,0.0623,0.06258,0.5\n' >train.csv
"$BIN/simulate" --config c.yaml --in train.csv --out train.h5 2>/dev/null
for r in a b; do
  "$BIN/train_nca" --config c.yaml train.h5 --out-dir m$r --threads 2 2>log_$r.txt || { bad "train_nca failed"; cat log_$r.txt; }
done
cmp -s ma/model.pt mb/model.pt && ok "train_nca twice: model.pt byte-identical" || bad "model.pt differs between runs"
grep -q "2 trajectories, 20 transitions of 40 steps" log_a.txt && ok "20 transitions of 40 steps (2 x 400 / 40)" \
  || bad "transitions: $(grep trajectories log_a.txt)"
[ "$(wc -l <ma/log.csv)" -eq 4 ] && ok "log.csv: 3 epochs" || bad "log.csv: $(wc -l <ma/log.csv) lines"
grep -q '^horizon: 400$' ma/settings.yaml && ok "settings.yaml: horizon 400" || bad "settings: $(grep horizon ma/settings.yaml)"
# kill -9 once a checkpoint exists, then a rerun: the same model.pt as an uninterrupted run.
"$BIN/train_nca" --config c8.yaml train.h5 --out-dir m8 --threads 2 2>/dev/null
"$BIN/train_nca" --config c8.yaml train.h5 --out-dir mk --threads 2 2>/dev/null &
pid=$!
wait_for 120 test -e mk/checkpoint.pt || true  # (checked below)
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true
[ -e mk/checkpoint.pt ] && [ ! -e mk/model.pt ] && ok "killed mid-training: a checkpoint, no model.pt" \
  || bad "after kill -9: checkpoint $(ls mk)"
"$BIN/train_nca" --config c8.yaml train.h5 --out-dir mk --threads 2 2>resume.txt
grep -q "resuming at epoch" resume.txt && cmp -s m8/model.pt mk/model.pt && [ ! -e mk/checkpoint.pt ] \
  && ok "rerun resumed ($(grep -o 'resuming at epoch [0-9]*' resume.txt)): model.pt byte-identical to an uninterrupted run" \
  || bad "resume: $(cat resume.txt | tail -3)"
# Test trajectories from random rectangles (never seen), to twice the horizon.
sed 's/t_max: 400/t_max: 800/; s/initial: rectangles/initial: random_rectangles/' c.yaml >test.yaml
printf 'id,F,k,d\n7,0.0623,0.06258,0.5\n' >test.csv
"$BIN/simulate" --config test.yaml --in test.csv --out test.h5 2>/dev/null
"$BIN/rollout" --config test.yaml --model-dir ma --in test.h5 --out scores.csv --frames nca.h5 2>roll.txt \
  || { bad "rollout failed"; cat roll.txt; }
/usr/bin/python3 - <<'PY' && ok "scores: 41 frames to t = 800, frame 0 exact; NCA frames [1, 41, 32, 32]" || bad "scores"
import csv, h5py
rows = list(csv.DictReader(open("scores.csv")))
assert len(rows) == 41 and rows[-1]["time"] == "800" and float(rows[0]["rmse"]) == 0, (len(rows), rows[-1]["time"], rows[0]["rmse"])
assert rows[0]["wavelength_v_pde"] == rows[0]["wavelength_v_nca"]
assert h5py.File("nca.h5")["frames_u"].shape == (1, 41, 32, 32)
PY
sed 's/frame_every: 20/frame_every: 0/' c.yaml >noframes.yaml
"$BIN/simulate" --config noframes.yaml --in train.csv --out noframes.h5 2>/dev/null
expect_error "train_nca: no frames" m3/model.pt "$BIN/train_nca" --config c.yaml noframes.h5 --out-dir m3
says "no frames"
expect_error "train_nca: t not a multiple" m3/model.pt "$BIN/train_nca" --config c.yaml train.h5 --out-dir m3 --t 30
says "expected a multiple"
expect_error "rollout: no model" s.csv "$BIN/rollout" --config test.yaml --model-dir nowhere --in test.h5 --out s.csv
says "nowhere/settings.yaml"
finish
