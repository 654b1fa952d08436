# A private single-node Slurm cluster on localhost, for the job-array tests (sourced by Tests/slurm/run.sh).
#
# Everything lives in one temporary folder ($SLURM_TEST_DIR): its own munge key and socket, slurm.conf, state, spool,
# logs and pid files, on free ports; nothing under /etc is read or written, so a real cluster's configuration on the
# same machine is left alone. Needs root (the caller re-runs itself with sudo when it can).
#   cluster_install   installs Debian's slurm-wlm and munge when missing (services are not started by the install)
#   cluster_start     starts munged, slurmctld and slurmd, waits until the node is idle
#   cluster_stop      cancels the cluster's jobs, stops the three daemons it started (by their pid files)
#   cluster_wait JOB  waits until every task of JOB has left the queue
#   job_state JOB     the final state of a job (COMPLETED, FAILED, CANCELLED, ...)
#   task_state JOB I  the final state of task I of array JOB

cluster_install() {
    local missing=()
    command -v munged >/dev/null 2>&1 || missing+=(munge)
    for tool in slurmctld slurmd sbatch; do
        command -v "$tool" >/dev/null 2>&1 || { missing+=(slurm-wlm); break; }
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "slurm test: installing Debian packages: ${missing[*]}" >&2
    # Debian starts a service when its package is installed; a policy-rc.d that says no keeps the system's own
    # munge and slurm daemons from starting (they would be daemons this test did not mean to start).
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
    fi
    local status=0
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || status=$?
    [ "$created_policy" -eq 1 ] && rm -f "$policy"
    return "$status"
}

# Two free TCP ports on localhost, chosen by the kernel.
free_ports() {
    python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))'
}

cluster_start() {
    local dir=$SLURM_TEST_DIR host cpus ports
    host=$(hostname -s)
    cpus=$(nproc)
    read -r -a ports <<<"$(free_ports)"
    mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
    chmod 700 "$dir/munge"
    mungekey --create --keyfile="$dir/munge/munge.key" --force >/dev/null
    munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/socket" --pid-file="$dir/munge/munged.pid" \
        --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" --force
    cat >"$dir/slurm.conf" <<EOF
ClusterName=hstest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
MinJobAge=3600
SchedulerParameters=sched_interval=1
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=hstest Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF=$dir/slurm.conf
    slurmctld -c -f "$SLURM_CONF"
    slurmd -f "$SLURM_CONF"
    for _ in $(seq 1 100); do
        case "$(sinfo -h -o %T 2>/dev/null)" in idle*) return 0 ;; esac
        sleep 0.2
    done
    echo "slurm test: the node did not come up; slurmctld.log and slurmd.log say:" >&2
    tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
    return 1
}

cluster_stop() {
    local dir=$SLURM_TEST_DIR
    if [ -n "${SLURM_CONF:-}" ] && [ -e "$dir/slurmctld.pid" ]; then
        local jobs
        jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
        if [ -n "${jobs// /}" ]; then
            # shellcheck disable=SC2086
            scancel $jobs 2>/dev/null || true
            for _ in $(seq 1 50); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
        fi
    fi
    for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
        [ -s "$pidfile" ] || continue
        local pid
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    done
    return 0
}

cluster_wait() {
    local job=$1
    for _ in $(seq 1 1200); do
        [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && return 0
        sleep 0.25
    done
    echo "slurm test: job $job did not finish within 5 minutes" >&2
    return 1
}

job_state() {
    scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1
}

task_state() {
    job_state "$1_$2"
}
