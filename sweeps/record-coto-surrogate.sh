#!/bin/sh
# Records the tabular surrogate `bench search` samples as its `coto` problem: runs sweeps/coto-surrogate.yaml with
# the real built-in trainer (40 configurations x 3 seeds: about 16 minutes on 2 idle CPU cores) and writes every trial's
# validation-loss curve, one row per evaluation and with the trial's seed (from its assignment.json: the bench replays
# the replicates of a configuration), to src/CoToSweep.Domain/Search/Bench/coto-surrogate.csv.
# schedule.ramp_fraction is empty where the sweep leaves it out (schedule.shape constant). Usage, from the repository:
#   sweeps/record-coto-surrogate.sh [cotosweep command, default: cotosweep]
# STATE=DIR keeps the sweep's state there (run again, the finished sweep is only read back).
set -eu
cotosweep=${1:-cotosweep}
if [ -n "${STATE:-}" ]; then state=$STATE; else state=$(mktemp -d); trap 'rm -rf "$state"' EXIT; fi
$cotosweep run sweeps/coto-surrogate.yaml --state "$state" --workers 2 --no-live
out=src/CoToSweep.Domain/Search/Bench/coto-surrogate.csv
echo "lr,adapter.rank,schedule.shape,schedule.ramp_fraction,seed,step,val_loss,val_acc" > "$out"
for dir in "$state"/artifacts/coto-surrogate-*/t*/attempt-1; do
  jq -r --slurpfile a "$dir/assignment.json" '
    ($a[0].params) as $p | ($a[0].seed) as $seed
    | (if $p["schedule.shape"] == "constant" then "" else ($p["schedule.ramp_fraction"] | tostring) end) as $ramp
    | .[] | [$p.lr, $p["adapter.rank"], $p["schedule.shape"], $ramp, $seed, .Step, .ValLoss, .ValAcc] | @csv' "$dir/curve.json"
done | tr -d '"' | sort -t, -k1,1g -k2,2n -k3,3 -k4,4 -k5,5n -k6,6n >> "$out"
echo "wrote $out ($(($(wc -l < "$out") - 1)) rows)"
