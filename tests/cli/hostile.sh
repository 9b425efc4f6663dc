#!/usr/bin/env bash
# Hostile input (issue 11), one regression test per problem fixed: each case failed before its
# fix. Every case must give one line, a non-zero exit and no output.
source "$(dirname "$0")/../support/common.sh" "$@"
cfg=$SRC/config/test.yaml
"$BIN/sample_params" --config "$cfg" --n 1000 --out cand.csv 2>/dev/null
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out turing.csv 2>/dev/null
ee() { rm -rf "$2"; expect_error "$@"; }  # each case from a clean slate

# 1-2. A full disk: every write fails beyond 64 KiB (a file size limit, EFBIG: the same failed
# write as ENOSPC, without root). One line, exit 1, no file under the final name, no temporary;
# before the fix simulate and split renamed a corrupt HDF5 file into place and crashed (139),
# train died in LibTorch's destructor (134) leaving model.pt.tmp.PID.
full() { (trap '' XFSZ; ulimit -f 64; "$@"); }
"$BIN/simulate" --config "$cfg" --in turing.csv --out big.h5 --t-max 200 2>/dev/null  # ~30 patterns, > 64 KiB
{ sed -e 's/^  n_samples: 560$/  n_samples: 24/' -e 's/^  n_test: 48$/  n_test: 8/' -e 's/^  pools: \[256, 512\]$/  pools: [16]/' \
    -e 's/^  filter: authors .*/  filter: none/' -e 's/^  focus_n: 512$/  focus_n: 16/' "$cfg"; } >small.yaml
grep -q 'pools: \[16\]' small.yaml && grep -q 'n_samples: 24' small.yaml
late "simulate on a full disk" o.h5 full "$BIN/simulate" --config "$cfg" --in turing.csv --out o.h5 --t-max 1
late "split on a full disk" sd/dataset.h5 full "$BIN/split" --config small.yaml --out-dir sd big.h5
[ ! -e sd ] && ok "... and took back the folder it made" || bad "split left the folder: $(ls -A sd)"
if [ -x "$BIN/train" ]; then
  "$BIN/split" --config small.yaml --out-dir data big.h5 2>/dev/null
  late "train on a full disk" m/model.pt full "$BIN/train" --config small.yaml --data data/dataset.h5 --splits data/splits \
    --arch mlp --n 16 --lambda 0 --epochs 1 --out-dir m
  [ ! -e m ] && ok "train took back its directory (nothing to resume from)" || bad "train left: $(ls -A m)"
fi

# The same on a real full disk where we may mount one (root): a 64 KiB tmpfs, ENOSPC. Nothing
# may be left on it, not even a temporary.
if mkdir -p tmpfs && mount -t tmpfs -o size=64k press-test tmpfs 2>/dev/null; then
  trap 'umount "$WORK/tmpfs" 2>/dev/null || true; rm -rf "$WORK"' EXIT
  late "simulate on a full tmpfs" tmpfs/o.h5 "$BIN/simulate" --config "$cfg" --in turing.csv --out tmpfs/o.h5 --t-max 1
  late "split on a full tmpfs" tmpfs/sd/dataset.h5 "$BIN/split" --config small.yaml --out-dir tmpfs/sd big.h5
  [ ! -e tmpfs/sd ] && ok "... and took back the folder it made" || bad "split left a folder on the full tmpfs"
  if [ -x "$BIN/train" ]; then
    late "train on a full tmpfs" tmpfs/m/model.pt "$BIN/train" --config small.yaml --data data/dataset.h5 \
      --splits data/splits --arch mlp --n 16 --lambda 0 --epochs 1 --out-dir tmpfs/m
  fi
  left=$(find tmpfs -type f | head -5)
  [ -z "$left" ] && ok "nothing left on the full tmpfs" || bad "left on the full tmpfs: $left"
  umount tmpfs
else
  echo "skip: a real full disk needs a tmpfs mount (root); the file-size-limit cases above stand in"
fi

# 3, 9. Shards that lie: fields 16x16 under a grid-32 attribute (read past a buffer before), a
# NaN, an Inf or a negative value in u, a negative parameter in an ok sample.
/usr/bin/python3 - big.h5 <<'PY'
import shutil, sys
import h5py, numpy as np
src = sys.argv[1]
def variant(name, edit):
    shutil.copy(src, name)
    with h5py.File(name, "r+") as f:
        edit(f)
def shrink(f):
    for k in ("u", "v"):
        x = f[k][:, :16, :16]
        del f[k]
        f.create_dataset(k, data=x)
def poke(k, value, param=False):
    def e(f):
        i = int(np.flatnonzero(f["status"][:] == 0)[0])
        if param:
            p = f["params"][:]; p[i, 1] = value; f["params"][...] = p
        else:
            x = f[k][i]; x[3, 4] = value; f[k][i] = x
    return e
variant("small16.h5", shrink)
variant("nan.h5", poke("u", np.nan))
variant("inf.h5", poke("v", np.inf))
variant("neg.h5", poke("u", -0.5))
variant("negp.h5", poke(None, -1.0, param=True))
PY
ee "split: 16x16 fields under grid 32" sd/dataset.h5 "$BIN/split" --config small.yaml --out-dir sd big.h5 small16.h5
ee "split: the same, other order" sd/dataset.h5 "$BIN/split" --config small.yaml --out-dir sd small16.h5 big.h5
for f in nan inf neg negp; do ee "split: $f in an ok sample" sd/dataset.h5 "$BIN/split" --config small.yaml --out-dir sd $f.h5; done

# 7. split is whole or nothing: the lists of a removed pool go, a failed split keeps the old pair.
sed 's/^  pools: \[16\]$/  pools: [8, 16]/' small.yaml >two.yaml
"$BIN/split" --config two.yaml --out-dir sp big.h5 2>/dev/null
"$BIN/split" --config small.yaml --out-dir sp big.h5 2>/dev/null
[ ! -e sp/splits/n8_train.csv ] && [ -e sp/splits/n16_train.csv ] && [ -z "$(ls -A sp | grep tmp)" ] \
  && ok "split: a removed pool's lists are gone, no scratch left" || bad "split left: $(ls sp sp/splits)"
cp sp/dataset.h5 before.h5; cp sp/splits/test.csv before_test.csv
sed 's/^seed: .*/seed: 99/' small.yaml >seed99.yaml
late "split on a full disk keeps the old dataset and lists" sp/nothing full "$BIN/split" --config seed99.yaml --out-dir sp big.h5
cmp -s before.h5 sp/dataset.h5 && cmp -s before_test.csv sp/splits/test.csv && ok "... both unchanged" || bad "old split damaged"

# 4 (split). A shard named like the output.
mkdir -p own && cp big.h5 own/dataset.h5
ee "split --out-dir onto its own input" own/splits "$BIN/split" --config small.yaml --out-dir own own/dataset.h5
cmp -s big.h5 own/dataset.h5 && ok "... the input survived" || bad "split destroyed its input"

nan_param() { /usr/bin/python3 -c "import h5py, numpy as np, sys
with h5py.File(sys.argv[1], 'r+') as f: p = f['params'][:]; p[:, 1] = np.nan; f['params'][...] = p" "$1"; }
if [ -x "$BIN/train" ]; then
  T=("$BIN/train" --config small.yaml --data data/dataset.h5 --splits data/splits --n 16 --out-dir m)
  # 10. Late errors that could be early: no model directory for --lambda inf or too deep a net.
  ee "train --lambda inf" m "${T[@]}" --arch mlp --lambda inf
  ee "train cnn_l6_maxpool at 32x32" m "${T[@]}" --arch cnn_l6_maxpool --lambda 0
  # A NaN parameter in a hand-made dataset.h5: train refuses it naming the file (it reported "36
  # samples with b = nan for all" before).
  cp -r data nandata
  nan_param nandata/dataset.h5
  ee "train: a NaN parameter in dataset.h5" m "$BIN/train" --config small.yaml --data nandata/dataset.h5 \
    --splits nandata/splits --n 16 --out-dir m --arch mlp --lambda 0 --epochs 1
  says "nandata/dataset.h5: id"
  # 6. A killed (here: failed) retrain must not leave new settings beside the old weights.
  "${T[@]}" --arch mlp --lambda 0 --epochs 1 2>/dev/null
  late "retrain with lambda 0.1 on a full disk" m/model.pt full "${T[@]}" --arch mlp --lambda 0.1 --epochs 1
  ee "evaluate after the failed retrain" ev.csv "$BIN/evaluate" --config small.yaml --model m --data data/dataset.h5 \
    --splits data/splits --split test --out ev.csv
  # ... and killed once its new settings.yaml is written (before the fix evaluate then reported
  # the lambda = 0 weights under the lambda = 0.1 settings, exit 0).
  "${T[@]}" --arch mlp --lambda 0 --epochs 1 2>/dev/null
  "${T[@]}" --arch mlp --lambda 0.1 --epochs 400 --threads 1 2>/dev/null &
  pid=$!
  wait_for 120 grep -q '^lambda: 0.1' m/settings.yaml || bad "never saw the new settings.yaml"
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true
  ee "evaluate after a killed retrain" ev.csv "$BIN/evaluate" --config small.yaml --model m --data data/dataset.h5 \
    --splits data/splits --split test --out ev.csv
  says "m/model.pt: no such file"
  # 8. A state.pt of other data at the same paths is not resumed.
  rm -rf m
  sed 's/^train:.*/train:\n  checkpoint_seconds: 0/' small.yaml >ckpt.yaml  # state.pt after every epoch
  grep -q '^  checkpoint_seconds: 0' ckpt.yaml
  sed 's/^seed: .*/seed: 5/' small.yaml >seed5.yaml
  "$BIN/train" --config ckpt.yaml --data data/dataset.h5 --splits data/splits --n 16 --out-dir m --arch mlp \
    --lambda 0 --epochs 400 --threads 1 2>/dev/null &  # the same settings as the rerun: only the data differ
  pid=$!
  wait_for 120 test -e m/state.pt || true  # (checked below)
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true
  if [ -e m/state.pt ]; then
    "$BIN/split" --config seed5.yaml --out-dir data big.h5 2>/dev/null  # other data, same paths
    "$BIN/train" --config ckpt.yaml --data data/dataset.h5 --splits data/splits --n 16 --out-dir m --arch mlp \
      --lambda 0 --epochs 400 --threads 1 2>resume.txt &
    pid=$!  # until train has decided about the state.pt (it logs either line)
    wait_for 120 grep -q "resuming\|starting from scratch" resume.txt || true
    kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true
    grep -q "resuming" resume.txt && bad "train resumed a state.pt of other data" \
      || { grep -q "other settings; starting from scratch" resume.txt && ok "state.pt of other data: started from scratch" \
           || bad "resume log: $(head -3 resume.txt)"; }
  else bad "never saw state.pt"; fi
fi

# 4. An output onto an input of the same run; 10. partial outputs after a late error.
cp cand.csv c.csv
ee "lsa_filter --out onto --in" c.csv.x "$BIN/lsa_filter" --config "$cfg" --in c.csv --out c.csv
cmp -s cand.csv c.csv && ok "... --in survived" || bad "lsa_filter destroyed its input"
cp "$cfg" own.yaml
ee "sample_params --out onto its config" own.yaml.x "$BIN/sample_params" --config own.yaml --out own.yaml
cmp -s "$cfg" own.yaml && ok "... the config survived" || bad "sample_params destroyed its config"
cp cand.csv notwisdom.csv
ee "--wisdom onto an existing non-wisdom file" o.h5 "$BIN/simulate" --config "$cfg" --in turing.csv --out o.h5 \
  --wisdom notwisdom.csv --t-max 1
cmp -s cand.csv notwisdom.csv && ok "... the file survived" || bad "--wisdom overwrote a file"
if [ -x "$BIN/evaluate" ]; then
  rm -rf m && "${T[@]}" --arch mlp --lambda 0 --epochs 1 2>/dev/null
  cp m/model.pt model_before.pt
  E=("$BIN/evaluate" --config small.yaml --model m --data data/dataset.h5 --splits data/splits --split test)
  ee "evaluate --out onto model.pt" ev.csv "${E[@]}" --out m/model.pt
  cmp -s model_before.pt m/model.pt && ok "... model.pt survived" || bad "evaluate destroyed model.pt"
  ee "evaluate --noise 1e308 (every metric NaN, exit 0, before)" ev.csv "${E[@]}" --noise 1e308 --out ev.csv
  says "noise level from 0 to 1"
  ee "evaluate: a NaN parameter in dataset.h5" ev.csv "$BIN/evaluate" --config small.yaml --model m \
    --data nandata/dataset.h5 --splits nandata/splits --split test --out ev.csv
  says "nandata/dataset.h5: id"
  ee "evaluate --out = --predictions" ev.csv "${E[@]}" --out ev.csv --predictions ev.csv
  says "the same file"
  mkdir -p evdir/ev.csv
  late "evaluate: metrics unwritable" evdir/ev.predictions.csv "${E[@]}" --out evdir/ev.csv
  says "not a regular file"
fi
mkdir -p tm
for f in val test; do
  printf 'arch,n,lambda,seed,split,scaling,noise,nrmse_joint,nrmse_eq13,r2,r2_a,r2_b,r2_c,r2_delta,rmse_a,rmse_b,rmse_c,rmse_delta,residual,residual_gt_fd,residual_gt_spectral,nrmse_joint_trivial,nrmse_eq13_trivial,samples,time\n' >tm/a_$f.csv
  cp tm/a_$f.csv tm/b_$f.csv
  echo "cnn_l1_none,512,0,0,$f,split,0,0.3,0.6,0.5,0.5,0.5,0.5,0.5,0.1,0.1,0.1,1,0.5,0.005,1e-07,0.4,0.7,10,1" >>tm/a_$f.csv
  echo "cnn_l1_none,512,0.1,0,$f,split,0,0.2,0.4,0.6,0.6,0.6,0.6,0.6,0.1,0.1,0.1,1,0.4,0.005,1e-07,0.4,0.7,10,1" >>tm/b_$f.csv
  for x in a b; do printf 'id,a,b,c,delta,a_pred,b_pred,c_pred,delta_pred,distance,residual,residual_gt_fd,residual_gt_spectral\n3,0.5,1,2,100,0.4,1.1,2.5,110,0.1,0.3,0.005,1e-07\n' >tm/${x}_$f.predictions.csv; done
done
"$BIN/select" --config "$cfg" --out tm/sel.csv tm/a_val.csv tm/a_test.csv tm/b_val.csv tm/b_test.csv 2>/dev/null \
  || bad "select on the hostile tests' metrics"
mkdir -p tabs/table5.md  # one output that cannot be written
ee "tabulate: one table unwritable" tabs/table2.csv "$BIN/tabulate" --config "$cfg" --selection tm/sel.csv --out-dir tabs tm/a_val.csv tm/a_test.csv tm/b_val.csv tm/b_test.csv
[ -z "$(ls tabs | grep -v table5.md)" ] && ok "... no table written" || bad "tabulate left: $(ls tabs)"
# 8. tabulate on a full disk takes back the folder it made (a tmpfs filled to its last 2 KiB).
if mkdir -p tmpfs2 && mount -t tmpfs -o size=64k press-test2 tmpfs2 2>/dev/null; then
  head -c 63000 /dev/zero >tmpfs2/fill 2>/dev/null || true
  late "tabulate on a full tmpfs" tmpfs2/tabs/table2.csv "$BIN/tabulate" --config "$cfg" --selection tm/sel.csv --out-dir tmpfs2/tabs \
    tm/a_val.csv tm/a_test.csv tm/b_val.csv tm/b_test.csv
  [ ! -e tmpfs2/tabs ] && ok "... and took back the folder it made" || bad "tabulate left: $(ls -A tmpfs2/tabs)"
  umount tmpfs2
fi
cp tm/a_val.csv tm/table2.csv
ee "tabulate output = an input metrics file" tm/nothing "$BIN/tabulate" --config "$cfg" --selection tm/sel.csv --out-dir tm tm/table2.csv tm/a_test.csv tm/b_val.csv tm/b_test.csv

# 5. Targets that are not regular files are refused, not replaced: a symlink, a FIFO, a directory.
ln -s cand.csv link.csv
ee "--out onto a symlink" link.csv.x "$BIN/lsa_filter" --config "$cfg" --in cand.csv --out link.csv
[ -L link.csv ] && ok "... the link survived" || bad "the symlink was replaced"
# (a FIFO stands for a device: a test must not risk the machine's /dev/null if the check regresses)
mkfifo fifo
ee "--out onto a FIFO" fifo.x "$BIN/sample_params" --config "$cfg" --out fifo
[ -p fifo ] && ok "... the FIFO survived" || bad "the FIFO was replaced"
mkdir adir
ee "--out onto a directory" adir.x "$BIN/sample_params" --config "$cfg" --out adir
says "not a regular file"

# 19. The whole config is checked by every tool at start, and by the workflow before any job.
sed 's/^  n: 32$/  n: 33/' "$cfg" >odd.yaml
sed 's/^  a: \[0.01, 0.7\]$/  a: [-0.5, 0.7]/' "$cfg" >negbound.yaml
sed 's/^  archs: \[cnn_l1_none, mlp\]$/  archs: [cnn_l1_none, mlp, resnet]/' "$cfg" >badarch.yaml
grep -q 'n: 33' odd.yaml && grep -q 'a: \[-0.5' negbound.yaml && grep -q resnet badarch.yaml
for c in odd negbound badarch; do
  ee "sample_params: $c config" o.csv "$BIN/sample_params" --config $c.yaml --out o.csv
  ee "lsa_filter: $c config" o.csv "$BIN/lsa_filter" --config $c.yaml --in cand.csv --out o.csv
done
ee "an override that breaks a rule (simulate --t-max 0.3 with dt 0.2)" o.h5 "$BIN/simulate" --config "$cfg" \
  --in turing.csv --out o.h5 --t-max 0.3
"$BIN/sample_params" --config badarch.yaml --check-config 2>chk.txt && bad "--check-config passed a bad config" \
  || { grep -q "train.archs\[2\]" chk.txt && ok "--check-config names the key" || bad "--check-config: $(cat chk.txt)"; }

# 16. Errors name their file: an unknown arch in a metrics row or a settings.yaml, a bad n, a
# status dataset of the wrong type.
sed 's/^cnn_l1_none,512,0,0,test/resnet,512,0,0,test/' tm/a_test.csv >tm/arch_test.csv
ee "unknown arch in a metrics row" tabs2/table2.csv "$BIN/tabulate" --config "$cfg" --selection tm/sel.csv --out-dir tabs2 tm/a_val.csv tm/arch_test.csv tm/b_val.csv tm/b_test.csv
grep -q "tm/arch_test.csv: line 2" stderr.txt || bad "... no file and line: $(cat stderr.txt)"
for n in -512 48.4; do
  sed "s/^cnn_l1_none,512,0,0,test/cnn_l1_none,$n,0,0,test/" tm/a_test.csv >tm/n_test.csv
  ee "metrics n = $n" tabs2/table2.csv "$BIN/tabulate" --config "$cfg" --selection tm/sel.csv --out-dir tabs2 tm/a_val.csv tm/n_test.csv tm/b_val.csv tm/b_test.csv
  grep -q "tm/n_test.csv: line 2: column 'n'" stderr.txt || bad "... $(cat stderr.txt)"
done
if [ -x "$BIN/evaluate" ]; then
  rm -rf m && "${T[@]}" --arch mlp --lambda 0 --epochs 1 2>/dev/null
  sed -i 's/^arch: mlp$/arch: resnet/' m/settings.yaml
  ee "unknown arch in settings.yaml" ev.csv "$BIN/evaluate" --config small.yaml --model m --data data/dataset.h5 \
    --splits data/splits --split test --out ev.csv
  grep -q "m/settings.yaml: key 'arch'" stderr.txt || bad "... $(cat stderr.txt)"
fi
/usr/bin/python3 -c "
import h5py, shutil, numpy as np
shutil.copy('big.h5', 'status.h5')
with h5py.File('status.h5', 'r+') as f:
    s = f['status'][:].astype(np.float64); del f['status']; f.create_dataset('status', data=s)"
ee "status dataset of the wrong type" sd/dataset.h5 "$BIN/split" --config small.yaml --out-dir sd status.h5
grep -q "dataset 'status'" stderr.txt || bad "... $(cat stderr.txt)"

# 17. Lax parsing: a NUL inside a value or an id, a quoted or !!str integer, a string that
# swallows lines (an unterminated quote).
printf 'id,a,b,c,delta\n3\0001,0.1,1,1,50\n' >nul_id.csv
printf 'id,a,b,c,delta\n3,0.1\0009,1,1,50\n' >nul_val.csv
for f in nul_id nul_val; do ee "NUL in $f" o.csv "$BIN/lsa_filter" --config "$cfg" --in $f.csv --out o.csv; done
sed 's/^  epochs: 30$/  epochs: "30"/' "$cfg" >quoted.yaml
sed 's/^  epochs: 30$/  epochs: !!str 30/' "$cfg" >tagged.yaml
sed 's/^  kinetics: murray .*/  kinetics: "murray/' "$cfg" >unterminated.yaml
grep -q 'epochs: "30"' quoted.yaml && grep -q '!!str 30' tagged.yaml && grep -q 'kinetics: "murray$' unterminated.yaml
for c in quoted tagged unterminated; do ee "YAML: $c" o.csv "$BIN/sample_params" --config $c.yaml --out o.csv; done
# An unterminated quote that swallows keys with defaults, up to a quote in a comment: YAML folds
# the lines into one string and the swallowed keys took their defaults (accepted before).
{ grep -v '^name:\|^figures:\|^  patterns: \|^  dpi: ' "$cfg"; printf 'name: "test\nfigures:\n  patterns: 3\n#"\n'; } >swallow.yaml
ee "YAML: an unterminated quote swallowing keys" o.csv "$BIN/sample_params" --config swallow.yaml --out o.csv
says "runs over several lines"
printf 'id\r\n3\r\n5\r\n' >crlf.csv
"$BIN/fit" --config "$cfg" --list crlf.csv --out o.csv big.h5 2>stderr.txt || true
grep -q "crlf.csv" stderr.txt && grep -q "id 3: not in" stderr.txt && ok "CRLF split lists read like LF ones" \
  || bad "CRLF split list: $(cat stderr.txt)"

# Found by the config fuzzer: a ',' that starts no key or value, on which yaml-cpp 0.7 returns
# empty documents forever (the tool hung before): first in a document, or after a quoted or flow
# top-level node (comma4, comma5).
printf ',\t\n%%' >comma1.yaml
printf '# a comment\n  ,aplacian: spectral  #' >comma2.yaml
printf 'name: x\n---\n,x\n' >comma3.yaml
printf "'a'\\n,b\\n" >comma4.yaml
printf '[a]\n,' >comma5.yaml
for c in comma1 comma2 comma3 comma4 comma5; do
  ee "YAML with a stray ',' ($c)" o.csv timeout 10 "$BIN/sample_params" --config $c.yaml --out o.csv
done

# Anchors and aliases: yaml-cpp 0.7 builds `&x [*x]` as a cycle and the walk over it overflowed
# the stack (exit 139 before); nested aliases expand exponentially. Refused, in a file and in an
# override.
printf 'name: &x [*x]\n' >alias1.yaml
printf 'name: &x\n  b: *x\n' >alias2.yaml
{ grep -v '^name:' "$cfg"; echo 'name: &n quick'; } >alias3.yaml
for c in alias1 alias2 alias3; do
  ee "YAML anchors and aliases ($c)" o.csv timeout 10 "$BIN/sample_params" --config $c.yaml --out o.csv
  grep -q "anchors and aliases are not supported" stderr.txt || bad "$c: refused for another reason"
done
ee "an alias in an override" o.csv timeout 10 "$BIN/sample_params" --config "$cfg" --n '&x [*x]' --out o.csv

# 20. An error line has a bounded length; a killed run's temporary is removed by the next run.
{ echo "id,a,b,c,delta"; printf '0,'; head -c 100000 /dev/zero | tr '\0' 'x'; echo ",1,1,50"; } >long.csv
ee "a 100 kB value" o.csv "$BIN/lsa_filter" --config "$cfg" --in long.csv --out o.csv
[ "$(wc -c <stderr.txt)" -lt 1000 ] && ok "... cut to $(wc -c <stderr.txt) bytes" || bad "error line of $(wc -c <stderr.txt) bytes"
touch o.csv.tmp.999999999
"$BIN/lsa_filter" --config "$cfg" --in cand.csv --out o.csv 2>/dev/null
[ ! -e o.csv.tmp.999999999 ] && ok "a dead run's temporary was removed" || bad "stale temporary left"

# 18 (compare_solvers): NaN or negative seconds and 0 threads.
if [ -x "$BIN/compare_solvers" ]; then
  for a in "--cpu-seconds nan --cpu-threads 1" "--cpu-seconds -1 --cpu-threads 1" "--cpu-seconds 1 --cpu-threads 0"; do
    ee "compare_solvers $a" cs.csv "$BIN/compare_solvers" --config "$cfg" --cpu big.h5 $a --out cs.csv
    says "not in range\|finite number"  # the bad value, not a usage error about the options
  done
fi
# 15. A complex mapping key; 20. shard attributes compared both ways (an extra one in the second).
printf '? [a, b]\n: 1\n' >cplx.yaml
ee "a complex mapping key" o.csv "$BIN/sample_params" --config cplx.yaml --out o.csv
/usr/bin/python3 -c "
import h5py, shutil
shutil.copy('big.h5', 'extra.h5')
with h5py.File('extra.h5', 'r+') as f: f.attrs['mystery'] = 1.0"
ee "split: an attribute only the second shard has" sd/dataset.h5 "$BIN/split" --config small.yaml --out-dir sd big.h5 extra.h5
grep -q "extra.h5: attribute 'mystery'" stderr.txt || bad "... $(cat stderr.txt)"

# 11. --threads has an upper bound (evaluate --threads 100000 spawned threads for minutes).
ee "--threads 100000" o.csv "$BIN/lsa_filter" --config "$cfg" --in cand.csv --out o.csv --threads 100000
printf 'threads: 100000\n' >t.yaml; cat "$cfg" | grep -v '^threads:' >>t.yaml
ee "config threads: 100000" o.csv "$BIN/sample_params" --config t.yaml --out o.csv

# 12. Ids are integers: 1e20, hex, +N and a leading space are refused; 2^64-1 and 2^53+1 are
# kept exactly (they came back as 0 and 2^53 when ids were parsed as doubles).
for id in 1e20 0x10 +5 " 7" 18446744073709551616; do
  { echo "id,a,b,c,delta"; echo "$id,0.1,1,1,50"; } >ids.csv
  ee "id '$id'" o.csv "$BIN/lsa_filter" --config "$cfg" --in ids.csv --out o.csv
done
{ echo "id,a,b,c,delta"; echo "9007199254740993,0.1,1,1,50"; echo "18446744073709551615,0.1,1,1,50"; } >ids.csv
"$BIN/lsa_filter" --config "$cfg" --all --in ids.csv --out o.csv 2>/dev/null
[ "$(cut -d, -f1 o.csv | tail -n +2 | paste -sd' ')" = "9007199254740993 18446744073709551615" ] \
  && ok "ids 2^53+1 and 2^64-1 kept exactly" || bad "large ids changed: $(cut -d, -f1 o.csv | paste -sd' ')"
"$BIN/simulate" --config "$cfg" --in turing.csv --out shard.h5 --count 1 --t-max 1 2>/dev/null
{ echo "id"; echo "+3"; } >list.csv
ee "split list id '+3'" o.csv "$BIN/fit" --config "$cfg" --list list.csv --out o.csv shard.h5
grep -q "list.csv: line 2: column 'id' value '+3'" stderr.txt || bad "split list error: $(cat stderr.txt)"

# 13. Duplicate YAML keys (yaml-cpp keeps the first, Snakemake the last); a second document.
{ cat "$cfg"; printf 'seed: 7\n'; } >dup.yaml
ee "duplicate top-level key" o.csv "$BIN/sample_params" --config dup.yaml --out o.csv
sed 's/^  n: 32$/  n: 32\n  n: 64/' "$cfg" >dup2.yaml
grep -q '^  n: 64$' dup2.yaml
ee "duplicate nested key" o.csv "$BIN/sample_params" --config dup2.yaml --out o.csv
{ cat "$cfg"; printf -- '---\nname: other\n'; } >twodocs.yaml
ee "a second YAML document" o.csv "$BIN/sample_params" --config twodocs.yaml --out o.csv

# 14. Finite, positive but absurd parameters: a range error naming the row, not an internal one.
{ echo "id,a,b,c,delta"; echo "0,0.5,1e160,1e160,100"; } >huge.csv
ee "parameters 1e160" o.csv "$BIN/lsa_filter" --config "$cfg" --in huge.csv --out o.csv
grep -q "huge.csv: line 2: column 'b'" stderr.txt && ok "... naming file, line and column" || bad "huge: $(cat stderr.txt)"

# 15. Integers beyond int: a schema error naming the key, not "yaml-cpp bad conversion".
for key in check_every n_samples epochs batch_size; do
  sed -E "s/^(  $key: )[0-9]+/\\1 99999999999/" "$cfg" >big_$key.yaml
  grep -q '99999999999' big_$key.yaml
  ee "$key: 99999999999" o.csv "$BIN/sample_params" --config big_$key.yaml --out o.csv
  grep -q "key '[a-z_]*\.$key'" stderr.txt || bad "$key: no key named: $(cat stderr.txt)"
done
ee "unparsable override --n '[1,'" o.csv "$BIN/sample_params" --config "$cfg" --n '[1,' --out o.csv

# 18. CLI values that wrapped: --count -1, --first -1, train --seed 2^32.
ee "simulate --count -1" o.h5 "$BIN/simulate" --config "$cfg" --in turing.csv --out o.h5 --count -1
ee "simulate --first -1" o.h5 "$BIN/simulate" --config "$cfg" --in turing.csv --out o.h5 --first -1
if [ -x "$BIN/train" ]; then
  ee "train --seed 4294967296" m/model.pt "$BIN/train" --config "$cfg" --data x.h5 --splits . --arch mlp \
    --n 256 --lambda 0 --seed 4294967296 --out-dir m
  grep -q -- "--seed" stderr.txt || bad "train --seed: the error does not name --seed: $(cat stderr.txt)"
  ee "train --n -48" m/model.pt "$BIN/train" --config "$cfg" --data x.h5 --splits . --arch mlp \
    --n -48 --lambda 0 --out-dir m
  grep -q -- "--n" stderr.txt || bad "train --n: the error does not name --n: $(cat stderr.txt)"
fi
finish
