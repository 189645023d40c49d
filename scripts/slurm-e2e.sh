#!/usr/bin/env bash
# Runs examples/slurm/thermo-array.sbatch as a 4-task array job on a one-node
# Slurm cluster on this machine, merges the pieces with `thermobench merge`
# and checks that samples.npy is byte for byte the one-process run's, and
# run.json the same outside its "performance" section.
#
# Needs root: it installs Debian's slurm-wlm and munge when they are
# missing, creates a munge key when there is none, and starts munged,
# slurmctld and slurmd, stopping at exit the daemons it started. Slurm's
# config, state and logs live in $THERMO_SLURM_DIR (wiped at each start);
# /etc/slurm is left alone. No cgroup plugin is used, so it runs in
# containers and small VMs.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

dir=${THERMO_SLURM_DIR:-/var/tmp/thermo-slurm-e2e}
timeout_idle=60 # seconds for the node to come up
timeout_job=150 # seconds for the array job
pieces=4        # array tasks
chains=1001     # not a multiple of $pieces: the pieces differ in size

say() { echo "== $*"; }
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	fail "run as root: this script installs packages and starts Slurm's daemons"
fi

# Stops the daemons this script started, and those a killed earlier run
# left behind: their pid files are in $dir.
stop_daemons() {
	local f pid pids=()
	for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid.started"; do
		[ -s "$f" ] || continue
		pid=$(cat "$f")
		case $(cat "/proc/$pid/comm" 2>/dev/null) in
		slurmd | slurmctld | munged) kill "$pid" 2>/dev/null && pids+=("$pid") ;;
		esac
	done
	for pid in "${pids[@]}"; do
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null || true
	done
	rm -f "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid.started"
}
stop_daemons

need=()
for c in slurmctld slurmd sbatch sinfo; do
	command -v $c >/dev/null || { need+=(slurm-wlm); break; }
done
command -v munged >/dev/null || need+=(munge)
[ -x /usr/bin/python3 ] || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${need[@]}" >/dev/null
fi

rm -rf "$dir"
mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/job" "$dir/work"
work=$dir/work

cleanup() {
	local rc=$?
	say "stopping the daemons"
	stop_daemons
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
trap 'exit 130' INT TERM

logs() {
	local f
	for f in "$dir"/log/*.log "$dir"/job/*.log; do
		[ -f "$f" ] || continue
		echo "---- ${f#"$dir"/}"
		tail -n 40 "$f"
	done
}

# munge: a key owned by munge, mode 0400, and munged running as munge.
say "munge"
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
	if command -v mungekey >/dev/null; then
		runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
	else
		dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
	fi
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
	runuser -u munge -- munged
	for _ in $(seq 50); do
		munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
		sleep 0.1
	done
	munge -n | unmunge >/dev/null || fail "munged does not answer"
	cat /run/munge/munged.pid >"$dir/munged.pid.started"
fi

# A one-node cluster on this machine.
host=$(hostname -s)
cpus=$(nproc)
mem=$(free -m | awk '/^Mem:/ { print $2 }')
mem=$((mem - mem / 10)) # below what slurmd measures, or the node is drained
conf=$dir/slurm.conf
cat >"$conf" <<EOF
ClusterName=thermo-e2e
SlurmctldHost=$host(127.0.0.1)
# Not Slurm's default ports (6817, 6818), so a Slurm already on this
# machine is left alone.
SlurmctldPort=6917
SlurmdPort=6918
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups: the plugins below work in containers and VMs without them.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
SchedulerType=sched/backfill
# sbatch --wait polls every 2 s while MinJobAge/2 <= 2, and finished jobs
# stay listed for MinJobAge seconds at least; the default (300) makes it
# sleep 2, 8, then 32 s between looks.
MinJobAge=5
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$conf

say "starting slurmctld and slurmd ($host, $cpus CPUs, ${mem} MB)"
slurmctld -c -f "$conf" || { logs; fail "slurmctld did not start"; }
slurmd -f "$conf" || { logs; fail "slurmd did not start"; }

say "waiting for the node to be idle"
state=""
for _ in $(seq $((timeout_idle * 2))); do
	state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
	[ "$state" = idle ] && break
	sleep 0.5
done
if [ "$state" != idle ]; then
	sinfo -N -l || true
	logs
	fail "node $host is '${state:-unknown}' after ${timeout_idle}s, not idle"
fi
sinfo

say "building thermobench"
go build -o "$work/thermobench" ./cmd/thermobench

cat >"$work/spec.toml" <<EOF
model = "coupled"
dim = 4
chains = $chains
steps = 400
burnin = 100
thin = 5
seed = 7
EOF

say "one-process reference run"
# -shard 0/1, the whole run, whatever Slurm or Kubernetes variables this
# script itself runs under.
"$work/thermobench" run -quiet -shard 0/1 -config "$work/spec.toml" -out "$work/ref"

say "array job: sbatch --wait --array=0-$((pieces - 1)) examples/slurm/thermo-array.sbatch"
start=$(date +%s)
# The job gets the paths in sbatch's environment (--export=ALL, the
# default): naming variables in --export would make slurmd load the user's
# login environment with su - first.
if ! THERMO_BIN="$work/thermobench" THERMO_SPEC="$work/spec.toml" THERMO_OUT="$work/pieces" \
	timeout "$timeout_job" sbatch --wait --array=0-$((pieces - 1)) --cpus-per-task=1 \
	--chdir="$work" --output="$dir/job/%A_%a.log" "$repo/examples/slurm/thermo-array.sbatch"; then
	squeue || true
	logs
	fail "the array job failed or took over ${timeout_job}s"
fi
echo "array job done in $(($(date +%s) - start))s"
# Piece i holds chains [i*N/n, (i+1)*N/n).
/usr/bin/python3 - "$work/pieces" "$pieces" "$chains" <<'EOF' || { logs; fail "the array tasks did not each run their piece of the chains"; }
import json, sys

n, chains = int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    try:
        shape = json.load(open(f"{sys.argv[1]}/piece-{i}/run.json"))["samples"]["shape"]
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"piece {i}: {e}")
    want = (i + 1) * chains // n - i * chains // n
    if shape[0] != want:
        sys.exit(f"piece {i}: {shape[0]} chains, want {want} (chains [{i*chains//n}, {(i+1)*chains//n}))")
    print(f"piece {i}: {shape[0]} chains")
EOF

say "merging the pieces"
args=()
for i in $(seq 0 $((pieces - 1))); do
	args+=("$work/pieces/piece-$i")
done
"$work/thermobench" merge -out "$work/merged" "${args[@]}"

say "comparing the merged run with the one-process run"
cmp "$work/ref/samples.npy" "$work/merged/samples.npy" ||
	fail "merged samples.npy differs from the one-process run's"
/usr/bin/python3 - "$work/ref/run.json" "$work/merged/run.json" <<'EOF' || fail "merged run.json differs from the one-process run's outside \"performance\""
import json, sys

ref, merged = (json.load(open(p)) for p in sys.argv[1:3])
for run in (ref, merged):
    run.pop("performance", None)
if ref != merged:
    for k in sorted(set(ref) | set(merged)):
        if ref.get(k) != merged.get(k):
            print(f"run.json[{k!r}]: one process {ref.get(k)!r}, merged {merged.get(k)!r}", file=sys.stderr)
    sys.exit(1)
EOF
say "ok: $pieces array tasks merged equal the one-process run (${SECONDS}s)"
