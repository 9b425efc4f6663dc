#!/usr/bin/env bash
# A real single-node SLURM cluster on localhost (Debian's slurm-wlm and munge): munged, slurmctld
# and one slurmd, from a slurm.conf generated here. config/test.yaml runs through the
# repository's profile (config/slurm); sacct shows every rule ran as a SLURM job, and the tables
# equal a local run's byte for byte (but for the measured times). The daemons are stopped at
# the end. Skips (77) with the reason where the daemons cannot start.
source "$(dirname "$0")/../support/common.sh" "$@"
skip() { echo "skip: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "the daemons run as root here (SlurmUser=root); not root"
for t in munged slurmctld slurmd sbatch sacct scontrol; do
  command -v $t >/dev/null || [ -x /usr/sbin/$t ] || skip "$t not installed (Debian: slurm-wlm munge)"
done
export PATH=$PATH:/usr/sbin

D=$WORK/cluster
mkdir -p $D/state $D/spool $D/log
node=$(hostname)
port=$((20000 + RANDOM % 20000))  # two ports of our own: a site's daemons may use the defaults
head -c 1024 /dev/urandom >$D/munge.key && chmod 600 $D/munge.key
stop() {
  for p in slurmd slurmctld munged; do [ -s $D/$p.pid ] && kill "$(cat $D/$p.pid)" 2>/dev/null || true; done
  sleep 1; rm -rf "$WORK" || true
}
trap stop EXIT
munged --force --key-file=$D/munge.key --socket=$D/munge.sock --pid-file=$D/munged.pid \
  --log-file=$D/log/munged.log --seed-file=$D/munge.seed || skip "munged did not start: $(tail -1 $D/log/munged.log)"
# The profile's partition (cpu) and its largest requests (16 threads, 16 GB): config_overrides
# lets this node promise them on a small machine (jobs then share its real cores).
cat >$D/slurm.conf <<EOF
ClusterName=presstest
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$D/munge.sock
CredType=cred/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=3600
JobCompType=jobcomp/filetxt
JobCompLoc=$D/jobcomp.txt
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$node CPUs=16 RealMemory=32000 State=UNKNOWN
PartitionName=cpu Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$D/slurm.conf
slurmctld || skip "slurmctld did not start: $(tail -2 $D/log/slurmctld.log)"
slurmd || skip "slurmd did not start: $(tail -2 $D/log/slurmd.log)"
for _ in $(seq 30); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o %T | grep -q idle || skip "the node never became idle: $(sinfo 2>&1 | tail -1)"
ok "cluster up: $(sinfo -h -o '%P %D %T %N')"

export PRESS_BIN=$BIN
export USER=${USER:-$(id -un)}  # Snakemake's SLURM executor reads it
TABLES="table2.csv table2.md table3.csv table3.md table4.csv table4.md table5.csv table5.md summary.csv floors.csv"
# The repository's profile as a site would adapt it: this cluster keeps no accounts (no
# slurmdbd, so no sacctmgr to check one), so the default resources leave slurm_account out.
mkdir -p sl lo
(cd sl && snakemake -s "$SRC/Snakefile" --profile "$SRC/config/slurm" --configfile "$SRC/config/test.yaml" \
  --default-resources slurm_partition=cpu runtime=60 mem_mb=4000 --latency-wait 5 >run.txt 2>&1) \
  && ok "config/test.yaml through the SLURM profile" || { bad "SLURM run"; tail -40 sl/run.txt; }
(cd lo && snakemake -s "$SRC/Snakefile" --configfile "$SRC/config/test.yaml" --cores 2 >run.txt 2>&1) \
  && ok "the same locally" || { bad "local run"; tail -20 lo/run.txt; }

# Every rule with a command ran as a SLURM job (sacct from the job-completion log).
sacct -c -n -P --format=JobName%80,State >jobs.txt
ran=$(sed -n 's/^snakejob_\([a-z0-9_]*\)_[0-9]*|COMPLETED$/\1/p' jobs.txt | sort -u | tr '\n' ' ')
want=$(sed -n 's/^\(rule\|checkpoint\) \([a-z0-9_]*\):$/\2/p' lo/run.txt | sort -u | tr '\n' ' ')  # what the local run ran
[ -n "$want" ] && [ "$ran" = "$want" ] && ok "sacct: every rule ran as a SLURM job ($(grep -c COMPLETED jobs.txt) jobs): $ran" \
  || bad "sacct: rules run as SLURM jobs [$ran], expected [$want]"
grep -qv '|COMPLETED$' jobs.txt && bad "jobs not completed: $(grep -v '|COMPLETED$' jobs.txt | head -3)"

# Byte for byte, but for the measured times (the fit's seconds per sample; docs/guarantees.md).
same=1
for t in $TABLES; do
  [ -s sl/results/test/tables/$t ] || { same=0; echo "missing: sl/results/test/tables/$t"; continue; }
  /usr/bin/python3 "$SRC/tests/support/same_table.py" lo/results/test/tables/$t sl/results/test/tables/$t \
    || { same=0; echo "differs: $t"; }
done
[ $same = 1 ] && ok "SLURM tables equal the local run's" || bad "SLURM tables differ from the local run's"
finish
