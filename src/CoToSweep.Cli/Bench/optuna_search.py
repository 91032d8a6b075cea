# The Optuna side of `cotosweep bench search` (run by the bench with a python that imports optuna; never by tests).
# It holds no problem: the bench sends the search space (its own parsed dimensions) and answers every new trial's
# parameters with the curve that trial reports (SearchBench.Curve, the same function the C# methods are measured on).
# This script only plays the same schedule with Optuna: `slots` trials at a time, one report every `report_every`
# steps, complete at `max_steps`, TPE proposing and successive halving pruning, and counts trial-steps until a
# completed trial reaches the target.
#   bench -> script, one line: {"space": [...], "seeds": [...], "max_trials": N, "slots": S, "max_steps": M,
#                               "report_every": R, "reduction": F}
#   script -> bench: {"seed": s, "params": {...}}      bench -> script: {"curve": [...], "reached": true|false}
#   script -> bench: {"seed": s, "steps": n | null}    (one per seed, in order)
import json
import sys
import warnings

import optuna

warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
optuna.logging.set_verbosity(optuna.logging.WARNING)


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def receive():
    line = sys.stdin.readline()
    if not line:
        sys.exit("bench search: the bench closed the pipe")
    return json.loads(line)


def active(dimension, params):
    when = dimension.get("when")
    return when is None or params.get(when["parent"], object()) in when["values"]


def suggest(trial, space):
    """Define-by-run over the bench's dimensions, in their order (a condition names a parameter before it)."""
    params = {}
    for d in space:
        if not active(d, params):
            continue
        name, kind = d["name"], d["type"]
        if kind == "fixed":
            params[name] = d["value"]
        elif kind in ("list", "choice"):
            params[name] = trial.suggest_categorical(name, d["values"])
        elif kind == "uniform":
            params[name] = trial.suggest_float(name, d["low"], d["high"])
        elif kind == "loguniform":
            params[name] = trial.suggest_float(name, d["low"], d["high"], log=True)
        elif kind == "int":
            params[name] = trial.suggest_int(name, d["low"], d["high"])
        else:
            sys.exit(f"bench search: dimension type {kind} is not known to the Optuna side")
    return params


def run(setup, seed):
    """Trial-steps until a completed trial reaches the target, or None when the budget of trials runs out first."""
    sampler = optuna.samplers.TPESampler(seed=seed, constant_liar=True)
    pruner = optuna.pruners.SuccessiveHalvingPruner(
        min_resource=setup["report_every"], reduction_factor=setup["reduction"], min_early_stopping_rate=0)
    study = optuna.create_study(direction="minimize", sampler=sampler, pruner=pruner)
    slots, every, max_steps = setup["slots"], setup["report_every"], setup["max_steps"]
    running = []  # [trial, start, curve, reached], in start order
    asked = now = spent = 0
    while True:
        while len(running) < slots and asked < setup["max_trials"]:
            trial = study.ask()
            asked += 1
            send({"seed": seed, "params": suggest(trial, setup["space"])})
            answer = receive()
            running.append([trial, now, answer["curve"], answer["reached"]])
        if not running:
            return None
        now += every
        for entry in list(running):
            trial, start, curve, reached = entry
            step = now - start
            loss = curve[step // every - 1]
            if step >= max_steps:
                running.remove(entry)
                spent += step
                study.tell(trial, loss)
                if reached:
                    return spent + sum(now - other[1] for other in running)
                continue
            trial.report(loss, step)
            if trial.should_prune():
                running.remove(entry)
                spent += step
                study.tell(trial, state=optuna.trial.TrialState.PRUNED)


def main():
    setup = receive()
    for seed in setup["seeds"]:
        send({"seed": seed, "steps": run(setup, seed)})


main()
