using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>
/// The validator, table-driven: for each small file the exact positions of the problems (sorted) and a key
/// phrase of each message.
/// </summary>
public class SpecReaderTests
{
    private sealed record Expect(int Line, int Column, string Phrase);

    private static Expect At(int line, int column, string phrase) => new(line, column, phrase);

    private static string Replace(string from, string to)
    {
        Assert.Contains(from, Base);
        return Base.Replace(from, to);
    }

    private static string Append(string lines) => Base + "\n" + lines;

    /// <summary>A coto sweep (lines 1-5, plus the given trial lines after line 4) with <paramref name="lines"/> appended.</summary>
    private static string CotoWith(string lines, string trial = "") =>
        "name: s\ntrial:\n  kind: coto\n  steps: 10\n" + trial + "objective: { metric: val_acc, direction: maximize }\n" + lines;

    /// <summary>A random-search command sweep whose only dimension is <c>lr: DIM</c> on line 10, column 9.</summary>
    private static string RandomSweep(string dim) => $$"""
        name: demo
        trial:
          kind: command
          command: [sh, -c, "echo {lr}"]
        objective: { metric: score, direction: maximize }
        search:
          algorithm: random
          max_trials: 4
          space:
            lr: {{dim}}
        """;

    private const string Coto = """
        name: c
        trial:
          kind: coto
          steps: 10
        objective: { metric: val_acc, direction: maximize }
        search:
          space:
            lr: [0.001, 0.01]
        """;

    private static string Grid(int dimensions, int values) =>
        Command("space:\n" + string.Join("\n", Enumerable.Range(0, dimensions).Select(d =>
            $"  p{d}: [{string.Join(", ", Enumerable.Range(0, values))}]")));

    private static readonly Dictionary<string, (string Yaml, Expect[] Problems)> Cases = new()
    {
        // top level
        ["unknown key, with a suggestion"] = (Append("retires: 2"), [At(9, 1, "unknown key 'retires' in the sweep (did you mean 'retries'?)")]),
        ["unknown key, nothing close"] = (Append("colour: red"), [At(9, 1, "unknown key 'colour' in the sweep")]),
        ["retries of the wrong type"] = (Append("retries: two"), [At(9, 10, "retries must be an integer")]),
        ["retries negative"] = (Append("retries: -1"), [At(9, 10, "retries must be at least 0, not -1")]),
        ["retries a float"] = (Append("retries: 1.5"), [At(9, 10, "retries must be an integer")]),
        ["max_attempts zero"] = (Append("max_attempts: 0"), [At(9, 15, "max_attempts must be at least 1")]),
        ["timeout with an unknown unit"] = (Append("timeout: 5x"), [At(9, 10, "timeout must be a positive duration")]),
        ["timeout zero"] = (Append("timeout: 0s"), [At(9, 10, "timeout must be a positive duration")]),
        ["timeout negative"] = (Append("timeout: -5"), [At(9, 10, "timeout must be a positive duration")]),
        ["timeout with a space inside"] = (Append("timeout: 1h 30m"), [At(9, 10, "timeout must be a positive duration")]),
        ["timeout empty"] = (Append("timeout: \"\""), [At(9, 10, "timeout must be a positive duration")]),
        ["timeout a list"] = (Append("timeout: [30m]"), [At(9, 10, "timeout must be a positive duration")]),
        ["timeout infinite"] = (Append("timeout: Infinity"), [At(9, 10, "timeout must be")]),
        ["timeout beyond what a timer can wait"] = (Append("timeout: 60d"), [At(9, 10, "timeout must be at most")]),
        ["asha without max_steps"] = (Append("early_stopping: { rule: asha, grace_steps: 100 }"),
            [At(9, 17, "early_stopping.max_steps is required for asha")]),
        ["corruption on coto trials"] = (CotoWith("analysis:\n  corruption: {}"), [At(7, 3, "analysis.corruption needs a trial kind with a trained prompt (nemesis), not 'coto'")]),
        ["merge on command trials"] = (Append("analysis:\n  merge: { across: seeds }"), [At(10, 3, "analysis.merge needs a trial kind with trained adapters (coto), not 'command'")]),
        ["prune on command trials"] = (Append("analysis:\n  prune: {}"), [At(10, 3, "analysis.prune needs a trial kind with trained adapters (coto), not 'command'")]),
        ["merge across seeds with one seed"] = (CotoWith("analysis:\n  merge: { across: seeds }"), [At(7, 3, "analysis.merge across seeds needs two or more search.seeds")]),
        ["merge across tasks with one task"] = (CotoWith("search:\n  seeds: [0, 1]\nanalysis:\n  merge: { across: tasks }"),
            [At(9, 3, "analysis.merge across tasks needs trials that differ only in their task")]),
        ["merge unknown across"] = (CotoWith("analysis:\n  merge: { across: layers }"), [At(7, 20, "analysis.merge.across must be seeds or tasks, not 'layers'")]),
        ["merge key of the other across"] = (CotoWith("search:\n  seeds: [0, 1]\nanalysis:\n  merge: { across: seeds, methods: [ties] }"),
            [At(9, 27, "analysis.merge.methods applies to across: tasks, not across: seeds")]),
        ["merge unknown method"] = (CotoWith("analysis:\n  merge: { across: tasks, methods: [tie] }"),
            [At(7, 37, "analysis.merge.methods: 'tie' is not one of average, task_arithmetic, ties, dare")]),
        ["merge lambda out of range"] = (CotoWith("analysis:\n  merge: { lambdas: [0.5, 1.5] }"), [At(7, 27, "analysis.merge.lambdas must be in [0, 1], not 1.5")]),
        ["merge unknown space"] = (CotoWith("analysis:\n  merge: { space: weights }"), [At(7, 19, "analysis.merge.space must be delta or factors")]),
        ["merge zero density"] = (CotoWith("analysis:\n  merge: { across: tasks, density: 0 }"), [At(7, 36, "analysis.merge.density must be in (0, 1]")]),
        ["prune by shapley without shapley"] = (CotoWith("analysis:\n  prune: { orders: [shapley] }"),
            [At(7, 3, "analysis.prune order 'shapley' needs analysis.shapley")]),
        ["prune unknown order"] = (CotoWith("analysis:\n  prune: { orders: [every-other] }"),
            [At(7, 21, "analysis.prune.orders: 'every-other' is not one of shapley, random, everyother, high-first, low-first")]),
        ["prune unknown scope"] = (CotoWith("analysis:\n  prune: { scope: row }"), [At(7, 19, "analysis.prune.scope: 'row' is not one of layer, global")]),
        ["prune ratio out of range"] = (CotoWith("analysis:\n  prune: { ratios: [-0.5] }"), [At(7, 21, "analysis.prune.ratios must be in [0, 1], not -0.5")]),
        ["prune unknown key"] = (CotoWith("analysis:\n  prune: { order: [random] }"), [At(7, 12, "unknown key 'order' in analysis.prune (did you mean 'orders'?)")]),
        ["analysis a list"] = (Append("analysis: [shapley]"), [At(9, 11, "analysis must be a mapping")]),
        ["shapley on command trials"] = (Append("analysis:\n  shapley: { method: exact }"), [At(10, 3, "analysis.shapley needs a trial kind whose adapter groups can be masked (coto), not 'command'")]),
        ["shapley unknown method"] = (CotoWith("analysis:\n  shapley: { method: kernel }"), [At(7, 22, "analysis.shapley.method must be one of exact, permutation, antithetic, owen, stratified, regression, not 'kernel'")]),
        ["shapley unknown key"] = (CotoWith("analysis:\n  shapley: { method: exact, sample: 3 }"), [At(7, 29, "unknown key 'sample' in analysis.shapley (did you mean 'samples'?)")]),
        ["shapley zero samples"] = (CotoWith("analysis:\n  shapley: { samples: 0 }"), [At(7, 23, "analysis.shapley.samples must be at least 1, not 0")]),
        ["shapley negative half-width"] = (CotoWith("analysis:\n  shapley: { target_half_width: -0.1 }"), [At(7, 33, "target_half_width must be positive")]),
        ["shapley half-width not a number"] = (CotoWith("analysis:\n  shapley: { target_half_width: wide }"), [At(7, 33, "analysis.shapley.target_half_width must be a finite number")]),
        ["shapley zero budget"] = (CotoWith("analysis:\n  shapley: { max_evaluations: 0 }"), [At(7, 31, "analysis.shapley.max_evaluations must be at least 1")]),
        ["shapley zero top_k"] = (CotoWith("analysis:\n  shapley: { top_k: 0 }"), [At(7, 21, "analysis.shapley.top_k must be at least 1")]),
        ["shapley unknown metric"] = (CotoWith("analysis:\n  shapley: { metric: score }"), [At(7, 22, "analysis.shapley.metric must be one of val_acc, val_loss")]),
        ["shapley zero unit draws"] = (CotoWith("analysis:\n  shapley: { unit_draws: 0 }"), [At(7, 26, "analysis.shapley.unit_draws must be at least 1")]),
        ["shapley a list"] = (CotoWith("analysis:\n  shapley: [exact]"), [At(7, 12, "analysis.shapley must be a mapping")]),
        ["shapley exact over too many groups"] = (CotoWith("analysis:\n  shapley: { method: exact }", "  schedule: { granularity: module }\n"),
            [At(2, 1, "analysis.shapley: exact needs 2^24 evaluations for 24 adapter groups (at most 16 groups); use a sampling method")]),
        ["duplicate top key"] = (Append("name: again"), [At(9, 1, "duplicate key 'name' in the sweep (first at 1:1)")]),
        ["name with a space"] = (Replace("name: demo", "name: \"my sweep\""), [At(1, 7, "name 'my sweep' must be 1-64 letters")]),
        ["name starting with a dash"] = (Replace("name: demo", "name: -demo"), [At(1, 7, "name '-demo' must be")]),
        ["name too long"] = (Replace("name: demo", "name: " + new string('a', 65)), [At(1, 7, "must be 1-64")]),
        ["name missing"] = (Replace("name: demo\n", ""), [At(1, 1, "name is required")]),
        ["name empty"] = (Replace("name: demo", "name: ~"), [At(1, 7, "name is required")]),
        ["name a list"] = (Replace("name: demo", "name: [a]"), [At(1, 7, "name must be a string")]),
        ["resources unknown key"] = (Append("resources: { gpu: 1 }"), [At(9, 14, "unknown key 'gpu' in resources (did you mean 'gpus'?)")]),
        ["resources negative"] = (Append("resources: { gpus: -1 }"), [At(9, 20, "resources.gpus must be at least 0")]),
        ["resources not a mapping"] = (Append("resources: 2"), [At(9, 12, "resources must be a mapping")]),

        // objective
        ["objective missing"] = (Replace("objective: { metric: score, direction: maximize }\n", ""), [At(1, 1, "objective is required")]),
        ["objective direction missing"] = (Replace("direction: maximize }", "}").Replace("score, }", "score }"),
            [At(5, 12, "objective.direction is required")]),
        ["objective direction unknown"] = (Replace("direction: maximize", "direction: up"),
            [At(5, 40, "objective.direction must be one of maximize, minimize, not 'up'")]),
        ["objective direction empty"] = (Replace("objective: { metric: score, direction: maximize }", "objective:\n  metric: score\n  direction:"),
            [At(7, 13, "objective.direction is required")]),
        ["objective metric missing"] = (Replace("metric: score, ", ""), [At(5, 12, "objective.metric is required")]),
        ["objective use unknown"] = (Replace("maximize }", "maximize, use: mean }"), [At(5, 55, "objective.use must be one of last, best, not 'mean'")]),
        ["objective unknown key"] = (Replace("maximize }", "maximize, goal: 1 }"), [At(5, 50, "unknown key 'goal' in objective")]),
        ["objective metric coto never produces"] = (Coto.Replace("metric: val_acc", "metric: accuracy"),
            [At(5, 22, "objective metric 'accuracy' is never produced by kind 'coto'")]),
        ["noop objective must be score"] = ("name: n\ntrial: { kind: noop }\nobjective: { metric: val_acc, direction: maximize }\n",
            [At(3, 22, "never produced by kind 'noop' (it reports score, step)")]),

        // trial
        ["trial missing"] = (Replace("trial:\n  kind: command\n  command: [sh, -c, \"echo {lr}\"]\n", ""), [At(1, 1, "trial is required")]),
        ["trial not a mapping"] = (Replace("trial:\n  kind: command\n  command: [sh, -c, \"echo {lr}\"]", "trial: command"),
            [At(2, 8, "trial must be a mapping")]),
        ["trial kind unknown"] = (Replace("kind: command", "kind: comand"), [At(3, 9, "unknown trial kind 'comand'"), ]),
        ["trial kind suggestion"] = (Replace("kind: command", "kind: comand"), [At(3, 9, "(did you mean 'command'?)")]),
        ["command line on a built-in kind"] = (Replace("kind: command", "kind: nemesis"),
            [At(4, 12, "trial.command is only for kind 'command', not 'nemesis'")]),
        ["trial kind missing"] = (Replace("  kind: command\n", ""), [At(3, 3, "trial.kind is required")]),
        ["command with no program"] = (Replace("[sh, -c, \"echo {lr}\"]", "[]"), [At(4, 12, "trial.command has no program")]),
        ["command with an empty program"] = (Replace("[sh, -c, \"echo {lr}\"]", "[\"\", x]"), [At(4, 12, "trial.command has no program")]),
        ["command not a list"] = (Replace("[sh, -c, \"echo {lr}\"]", "python train.py"), [At(4, 12, "trial.command must be a list of arguments")]),
        ["command missing"] = (Replace("  command: [sh, -c, \"echo {lr}\"]\n", ""), [At(3, 3, "trial.command is required for kind 'command'")]),
        ["command argument null"] = (Replace("[sh, -c, \"echo {lr}\"]", "[sh, ~]"), [At(4, 17, "each trial.command argument must be a string")]),
        ["command on a built-in kind"] = (Coto.Replace("  steps: 10", "  command: [x]"), [At(4, 12, "trial.command is only for kind 'command', not 'coto'")]),
        ["placeholder naming no parameter"] = (Replace("{lr}", "{lrr}"), [At(4, 21, "trial.command uses '{lrr}', which is no parameter (did you mean 'lr'?)")]),
        ["placeholder after another problem"] = (Replace("{lr}", "{nope}") + "\nretries: -1",
            [At(4, 21, "'{nope}', which is no parameter"), At(9, 10, "retries must be at least 0")]),
        ["env value not a string"] = (Replace("\"echo {lr}\"]", "\"echo {lr}\"]\n  env: { A: [1] }"), [At(5, 13, "trial.env.A must be a string")]),
        ["env not a mapping"] = (Replace("\"echo {lr}\"]", "\"echo {lr}\"]\n  env: [A]"), [At(5, 8, "trial.env must be a mapping")]),
        ["trial value empty"] = (Replace("\"echo {lr}\"]", "\"echo {lr}\"]\n  scale: ~"), [At(5, 10, "trial.scale has no value")]),
        ["trial value a list of lists"] = (Replace("\"echo {lr}\"]", "\"echo {lr}\"]\n  sizes: [[1], 2]"), [At(5, 10, "trial.sizes must be a list of plain values")]),
        ["trial value not finite"] = (Replace("\"echo {lr}\"]", "\"echo {lr}\"]\n  scale: .inf"), [At(5, 10, "trial.scale must be a finite number")]),
        ["trial duplicate key"] = (Replace("\"echo {lr}\"]", "\"echo {lr}\"]\n  kind: command"), [At(5, 3, "duplicate key 'kind' in trial (first at 3:3)")]),
        ["coto unknown parameter"] = (Coto.Replace("steps: 10", "stepz: 10"), [At(4, 3, "unknown parameter 'stepz' for kind 'coto' (did you mean 'steps'?)")]),
        ["coto unknown nested parameter"] = (Coto.Replace("steps: 10", "schedule: { shap: linear }"),
            [At(4, 15, "unknown parameter 'schedule.shap' for kind 'coto' (did you mean 'schedule.shape'?)")]),
        ["coto unknown space name"] = (Coto.Replace("    lr: [0.001, 0.01]", "    schedule.shap: [linear]"),
            [At(8, 5, "unknown parameter 'schedule.shap' for kind 'coto' (did you mean 'schedule.shape'?)")]),

        // search
        ["search unknown key"] = (Replace("  space:", "  algoritm: grid\n  space:"), [At(7, 3, "unknown key 'algoritm' in search (did you mean 'algorithm'?)")]),
        ["search not a mapping"] = (Replace("search:\n  space:\n    lr: [0.1, 0.2]", "search: grid"), [At(6, 9, "search must be a mapping")]),
        ["tpe without max_trials"] = (Replace("  space:", "  algorithm: tpe\n  space:"), [At(7, 3, "tpe search needs search.max_trials")]),
        ["sobol without max_trials"] = (Replace("  space:", "  algorithm: sobol\n  space:"), [At(7, 3, "sobol search needs search.max_trials")]),
        ["unknown algorithm"] = (Replace("  space:", "  algorithm: bayes\n  space:"), [At(7, 14, "search.algorithm must be grid, random, sobol or tpe, not 'bayes'")]),
        ["tpe options under random"] = (Replace("  space:", "  algorithm: random\n  max_trials: 4\n  tpe: { gamma: 0.2 }\n  space:"),
            [At(9, 8, "search.tpe is for algorithm tpe, not random")]),
        ["tpe gamma out of range"] = (Replace("  space:", "  algorithm: tpe\n  max_trials: 4\n  tpe: { gamma: 1.5, multivariate: yes }\n  space:"),
            [At(9, 17, "search.tpe.gamma must be in (0, 1], not 1.5"), At(9, 36, "search.tpe.multivariate must be one of true, false, not 'yes'")]),
        ["condition on a value the parent never takes"] = (Append("    wd: { values: [1, 2], when: { lr: [0.3] } }"), [At(9, 40, "'wd': 'lr' is never 0.3 (it takes 0.1, 0.2)")]),
        ["condition on no parameter"] = (Append("    wd: { values: [1, 2], when: { lx: 0.1 } }"),
            [At(9, 35, "'wd' depends on 'lx', which is no parameter of search.space (did you mean 'lr'?)")]),
        ["condition on a parent declared later"] = (Replace("    lr: [0.1, 0.2]", "    wd: { values: [1, 2], when: { lr: 0.1 } }\n    lr: [0.1, 0.2]"),
            [At(8, 35, "'wd' depends on 'lr', which is declared after it; declare the parent first")]),
        ["condition on a continuous parent"] = (Replace("  space:\n    lr: [0.1, 0.2]", "  algorithm: random\n  max_trials: 3\n  space:\n    lr: [0.1, 0.2]\n    wd: { uniform: [0, 1] }\n    m: { values: [1, 2], when: { wd: 0.5 } }"),
            [At(12, 34, "'m' depends on 'wd', which is a continuous distribution; a condition needs a list, a choice or a fixed value")]),
        ["random without max_trials"] = (Replace("  space:", "  algorithm: random\n  space:"), [At(7, 3, "random search needs search.max_trials")]),
        ["distribution under grid"] = (Replace("[0.1, 0.2]", "{ uniform: [0.1, 0.2] }"),
            [At(8, 11, "'lr' is a uniform distribution; grid search takes lists and fixed values only")]),
        ["choice under grid"] = (Replace("[0.1, 0.2]", "{ choice: [0.1, 0.2] }"), [At(8, 11, "grid search takes lists and fixed values only")]),
        ["duplicate space name"] = (Append("    lr: [0.3]"), [At(9, 5, "duplicate key 'lr' in search.space (first at 8:5)")]),
        ["duplicate seeds"] = (Replace("  space:", "  seeds: [0, 1, 0]\n  space:"), [At(7, 17, "duplicate seed 0")]),
        ["seeds empty"] = (Replace("  space:", "  seeds: []\n  space:"), [At(7, 10, "search.seeds must be a non-empty list of integers")]),
        ["seeds not a list"] = (Replace("  space:", "  seeds: 3\n  space:"), [At(7, 10, "search.seeds must be a non-empty list of integers")]),
        ["seed negative in list"] = (Replace("  space:", "  seeds: [-1]\n  space:"), [At(7, 11, "each seed must be at least 0")]),
        ["max_trials zero"] = (Replace("  space:", "  max_trials: 0\n  space:"), [At(7, 15, "search.max_trials must be at least 1")]),
        ["max_concurrent zero"] = (Replace("  space:", "  max_concurrent: 0\n  space:"), [At(7, 19, "search.max_concurrent must be at least 1")]),
        ["sampler seed negative"] = (Replace("  space:", "  seed: -1\n  space:"), [At(7, 9, "search.seed must be at least 0")]),
        ["space not a mapping"] = (Replace("  space:\n    lr: [0.1, 0.2]", "  space: [lr]"), [At(7, 10, "search.space must be a mapping")]),
        ["runner key in the space"] = (Append("    command: [a]"), [At(9, 5, "'command' configures the runner and cannot be searched")]),
        ["dotted runner key in the space"] = (Append("    env.X: [a]"), [At(9, 5, "'env.X' configures the runner and cannot be searched")]),
        ["space value empty"] = (Replace("    lr: [0.1, 0.2]", "    lr: ~"), [At(8, 9, "'lr' has no value")]),
        ["space value not finite"] = (Replace("    lr: [0.1, 0.2]", "    lr: .nan"), [At(8, 9, "must be a finite number")]),
        ["space list value not finite"] = (Replace("[0.1, 0.2]", "[0.1, -.inf]"), [At(8, 15, "must be a finite number")]),
        ["grid too large"] = (Grid(7, 10), [At(7, 3, "the grid has 10000000 trials; set search.max_trials")]),
        ["grid so large the count overflows"] = (Grid(19, 10), [At(7, 3, "set search.max_trials")]),
        ["uniform inverted"] = (RandomSweep("{ uniform: [0.5, 0.1] }"), [At(10, 20, "'lr': inverted range [0.5, 0.1] (low must be below high)")]),
        ["uniform empty"] = (RandomSweep("{ uniform: [0.1, 0.1] }"), [At(10, 20, "'lr': empty range [0.1, 0.1]")]),
        ["uniform one bound"] = (RandomSweep("{ uniform: [1] }"), [At(10, 20, "'lr': uniform takes two bounds [low, high]")]),
        ["uniform not a list"] = (RandomSweep("{ uniform: 1 }"), [At(10, 20, "'lr': uniform takes two bounds")]),
        ["uniform text bound"] = (RandomSweep("{ uniform: [a, 1] }"), [At(10, 21, "'lr': uniform bound must be a finite number")]),
        ["uniform infinite bound"] = (RandomSweep("{ uniform: [0, .inf] }"), [At(10, 24, "'lr': uniform bound must be a finite number")]),
        ["loguniform zero"] = (RandomSweep("{ loguniform: [0, 1] }"), [At(10, 24, "'lr': loguniform bounds must be positive, not 0")]),
        ["loguniform negative"] = (RandomSweep("{ loguniform: [-2, -1] }"), [At(10, 24, "loguniform bounds must be positive, not -2")]),
        ["loguniform inverted"] = (RandomSweep("{ loguniform: [1, 0.5] }"), [At(10, 23, "'lr': inverted range [1, 0.5]")]),
        ["int inverted"] = (RandomSweep("{ int: [5, 1] }"), [At(10, 16, "'lr': empty range [5, 1] (low is above high)")]),
        ["int fractional bound"] = (RandomSweep("{ int: [1.5, 3] }"), [At(10, 17, "'lr': int bound must be an integer")]),
        ["choice not a list"] = (RandomSweep("{ choice: a }"), [At(10, 19, "'lr': choice takes a list of values")]),
        ["choice empty"] = (RandomSweep("{ choice: [] }"), [At(10, 19, "'lr' is an empty list")]),
        ["unknown distribution, with a suggestion"] = (RandomSweep("{ unifrom: [0, 1] }"),
            [At(10, 11, "'lr' must be a value, a list, or one of {uniform|loguniform|int|choice: [...]} (did you mean 'uniform'?)")]),
        ["two distributions in one mapping"] = (RandomSweep("{ uniform: [0, 1], int: [0, 1] }"), [At(10, 11, "'lr' must be a value, a list, or one of")]),
        ["empty list"] = (RandomSweep("[]"), [At(10, 9, "'lr' is an empty list")]),
        ["list with a value twice"] = (RandomSweep("[0.1, 0.1]"), [At(10, 15, "'lr' lists 0.1 twice")]),
        ["list of lists"] = (RandomSweep("[[1], 2]"), [At(10, 10, "'lr': list items must be plain values")]),

        // the document itself
        ["empty file"] = ("", [At(1, 1, "the sweep file is empty")]),
        ["comments only"] = ("# nothing here\n", [At(1, 1, "the sweep file is empty")]),
        ["not a mapping"] = ("- a\n- b\n", [At(1, 1, "a sweep file must be a mapping")]),
        ["a bare scalar"] = ("hello\n", [At(1, 1, "a sweep file must be a mapping")]),
        ["two documents"] = (Append("---\nname: x"), [At(9, 1, "a sweep file holds one YAML document")]),
        ["unknown alias"] = (Append("retries: *nope"), [At(9, 10, "unknown alias '*nope'")]),
        ["a key that is a list"] = (Append("? [a]\n: 1"), [At(9, 3, "mapping keys must be plain names")]),
        ["unclosed flow sequence"] = ("name: demo\ntrial: [unclosed\nretries: 1\n", [At(2, 8, "YAML syntax error")]),
        ["bad indentation"] = ("name: demo\n  trial: x\n", [At(2, 8, "YAML syntax error")]),
    };

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_problem_is_reported_at_its_position(string name)
    {
        var (yaml, expected) = Cases[name];
        var d = SpecReader.Parse(yaml);
        var shown = string.Join("\n", d.Problems.Select(p => p.Format("f")));
        Assert.False(d.IsValid, $"expected problems, the file was valid:\n{yaml}");
        Assert.Null(d.Spec);
        Assert.True(expected.Select(e => (e.Line, e.Column)).SequenceEqual(d.Problems.Select(p => (p.At.Line, p.At.Column))),
            $"positions differ; expected {string.Join(", ", expected.Select(e => $"{e.Line}:{e.Column}"))}, got:\n{shown}");
        foreach (var (e, p) in expected.Zip(d.Problems))
            Assert.True(p.Message.Contains(e.Phrase, StringComparison.Ordinal), $"'{e.Phrase}' not in: {p.Message}");
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_sorted_by_position()
    {
        const string yaml = """
            name: "bad name"
            trial:
              kind: command
              command: [sh, -c, "echo {lr}"]
            objective: { metric: score, direction: up }
            search:
              algorithm: random
              seeds: [1, 1]
              space:
                lr: { loguniform: [0, 1] }
            retries: -2
            early_stopping: {}
            """;
        var problems = SpecReader.Parse(yaml).Problems;
        Assert.Equal(
            [(1, 7), (5, 40), (7, 3), (8, 14), (10, 24), (11, 10), (12, 17)],
            problems.Select(p => (p.At.Line, p.At.Column)).ToArray());
        Assert.Contains("name 'bad name'", problems[0].Message);
        Assert.Contains("objective.direction", problems[1].Message);
        Assert.Contains("max_trials", problems[2].Message);
        Assert.Contains("duplicate seed 1", problems[3].Message);
        Assert.Contains("positive", problems[4].Message);
        Assert.Contains("retries", problems[5].Message);
        Assert.Contains("early_stopping.rule is required", problems[6].Message);
    }

    [Fact]
    public void Problems_on_one_line_are_sorted_by_column()
    {
        var problems = SpecReader.Parse(Coto.Replace("metric: val_acc, direction: maximize", "metric: accuracy, direction: up")).Problems;
        Assert.Equal([(5, 22), (5, 43)], problems.Select(p => (p.At.Line, p.At.Column)).ToArray());
        Assert.Contains("never produced", problems[0].Message);
        Assert.Contains("objective.direction", problems[1].Message);
    }

    [Fact]
    public void Problem_lines_have_the_file_line_column_format()
    {
        var p = Assert.Single(SpecReader.Parse(Append("retries: -1")).Problems);
        Assert.Equal("sweeps/x.yaml:9:10: retries must be at least 0, not -1", p.Format("sweeps/x.yaml"));
    }

    [Fact]
    public void The_base_file_is_valid()
    {
        var d = Valid(Base);
        Assert.Empty(d.Problems);
        Assert.Equal("demo", d.Spec!.Name);
        Assert.Equal(["sh", "-c", "echo {lr}"], d.Spec.Trial.Command);
        Assert.Equal("grid", d.Spec.Search.Algorithm);
        Assert.Equal(SweepSpec.DefaultMaxAttempts, d.Spec.MaxAttempts);
        Assert.Equal(0, d.Spec.Retries);
        Assert.Null(d.Spec.TimeoutSeconds);
        Assert.Equal(ResourceSpec.Default, d.Spec.Resources);
    }

    private const string Full = """
        # a full sweep, close to the design's sketch
        name: coto-schedules
        description: linear against cosine
        trial:
          kind: coto
          task: fmnist-rotated
          steps: 600
          adapter: { method: lora, rank: 8, alpha: 16, targets: [q, k, v, o] }
          schedule: { shape: linear, p_start: 0.0, p_end: 1.0, ramp_fraction: 0.75 }
        objective: { metric: val_acc, direction: maximize, use: best }
        search:
          algorithm: random
          seed: 7
          max_trials: 24
          max_concurrent: 4
          seeds: [0, 1, 2]
          space:
            schedule.shape: [constant, linear, cosine]
            schedule.p_start: { uniform: [0.0, 0.5] }
            lr: { loguniform: [1.0e-4, 5.0e-3] }
            adapter.rank: { int: [2, 16] }
            adapter.method: { choice: [lora, dora] }
            steps: 300
        resources: { gpus: 1, cpus: 2 }
        retries: 2
        max_attempts: 4
        timeout: 1h30m
        """;

    [Fact]
    public void A_full_file_is_read_into_the_spec()
    {
        var s = Valid(Full).Spec!;
        Assert.Equal("coto-schedules", s.Name);
        Assert.Equal("linear against cosine", s.Description);
        Assert.Equal(new ObjectiveSpec("val_acc", Direction.Maximize, MetricUse.Best), s.Objective);
        Assert.Equal(("random", 7L, 24, 4), (s.Search.Algorithm, s.Search.Seed, s.Search.MaxTrials, s.Search.MaxConcurrent));
        Assert.Equal([0L, 1, 2], s.Search.Seeds!);
        Assert.Equal(["schedule.shape", "schedule.p_start", "lr", "adapter.rank", "adapter.method", "steps"], s.Search.Space.Select(d => d.Name));
        Assert.Equal(new UniformDimension("schedule.p_start", 0.0, 0.5), s.Search.Space[1]);
        Assert.Equal(new LogUniformDimension("lr", 1e-4, 5e-3), s.Search.Space[2]);
        Assert.Equal(new IntDimension("adapter.rank", 2, 16), s.Search.Space[3]);
        Assert.IsType<ChoiceDimension>(s.Search.Space[4]);
        Assert.Equal(new FixedDimension("steps", ParamValue.Of(300L)), s.Search.Space[5]);
        Assert.Equal(new ResourceSpec(1, 2), s.Resources);
        Assert.Equal((2, 4, 5400.0), (s.Retries, s.MaxAttempts, s.TimeoutSeconds!.Value));
        var p = s.Trial.Params;
        Assert.Equal(ParamValue.Of("fmnist-rotated"), p["task"]);
        Assert.Equal(ParamValue.Of(600L), p["steps"]);
        Assert.Equal(ParamValue.Of(16L), p["adapter.alpha"]);
        Assert.Equal(ParamValue.Of("q,k,v,o"), p["adapter.targets"]);
        Assert.Equal(ParamValue.Of(0.0), p["schedule.p_start"]);
        Assert.Equal(ParamValue.Of("linear"), p["schedule.shape"]);
        Assert.DoesNotContain("kind", p.Keys);
    }

    [Theory]
    [InlineData("echo '{\"score\": 1}'")]
    [InlineData("echo '{ \"score\": {lr} }'")]
    [InlineData("echo cotosweep {\"step\": 1, \"score\": {lr}}")]
    [InlineData("echo {{literal}} {{also.literal}}")]
    [InlineData("echo {trial_id} {seed} {attempt} {artifacts} {lr}")]
    [InlineData("awk 'BEGIN { print 1 }'")]
    [InlineData("f() { :; }; f")]
    public void Json_and_shell_braces_are_not_placeholders(string snippet)
    {
        var yaml = Replace("\"echo {lr}\"", "'" + snippet.Replace("'", "''") + "'");
        Assert.Equal(snippet, Valid(yaml).Spec!.Trial.Command[2]);
    }

    [Fact]
    public void Placeholders_may_name_trial_block_values_and_dotted_space_names()
    {
        var yaml = """
            name: demo
            trial:
              kind: command
              command: [python, train.py, --opt, "{opt.lr}", --bs, "{batch}", --depth, "{model.depth}"]
              batch: 32
              model: { depth: 4 }
            objective: { metric: score, direction: maximize }
            search:
              space:
                opt.lr: [0.1, 0.2]
            """;
        Valid(yaml);
    }

    [Theory]
    [InlineData("score", true)]
    [InlineData("step", true)]
    [InlineData("val_acc", false)]
    public void Noop_reports_only_score(string metric, bool valid) =>
        Assert.Equal(valid, SpecReader.Parse($"name: n\ntrial: {{ kind: noop }}\nobjective: {{ metric: {metric}, direction: maximize }}\n").IsValid);

    [Fact]
    public void A_command_may_use_any_objective_metric() =>
        Valid(Replace("metric: score", "metric: anything_at_all"));

    [Theory]
    [InlineData("90s", 90.0)]
    [InlineData("30m", 1800.0)]
    [InlineData("2h", 7200.0)]
    [InlineData("1h30m", 5400.0)]
    [InlineData("1d", 86400.0)]
    [InlineData("500ms", 0.5)]
    [InlineData("1.5h", 5400.0)]
    [InlineData("90", 90.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("\"45s\"", 45.0)]
    public void Timeouts_are_read_as_seconds(string text, double seconds) =>
        Assert.Equal(seconds, Valid(Append("timeout: " + text)).Spec!.TimeoutSeconds);

    [Theory]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("-1")]
    [InlineData("-5m")]
    [InlineData("5x")]
    [InlineData("m")]
    [InlineData("1h 30m")]
    [InlineData("30 m")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("60d")]
    [InlineData("soon")]
    public void Bad_timeouts_are_problems(string text)
    {
        var p = Assert.Single(SpecReader.Parse(Append("timeout: " + text)).Problems);
        Assert.Equal((9, 10), (p.At.Line, p.At.Column));
        Assert.StartsWith("timeout must be", p.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("coto-schedules")]
    [InlineData("v1.2_final")]
    [InlineData("0day")]
    public void Names_that_match_the_pattern_are_accepted(string name) =>
        Assert.Equal(name, Valid(Replace("name: demo", "name: " + name)).Spec!.Name);

    [Theory]
    [InlineData("\"with space\"")]
    [InlineData("_under")]
    [InlineData(".dot")]
    [InlineData("a/b")]
    [InlineData("\"é\"")]
    public void Names_outside_the_pattern_are_refused(string name)
    {
        var p = Assert.Single(SpecReader.Parse(Replace("name: demo", "name: " + name)).Problems);
        Assert.Equal((1, 7), (p.At.Line, p.At.Column));
        Assert.Contains("must be 1-64 letters", p.Message);
    }

    [Fact]
    public void An_int_range_may_hold_a_single_value() =>
        Assert.Equal(new IntDimension("lr", 3, 3), Spec(RandomSweep("{ int: [3, 3] }")).Search.Space[0]);

    [Fact]
    public void Loguniform_takes_positive_bounds() =>
        Assert.Equal(new LogUniformDimension("lr", 1e-5, 1), Spec(RandomSweep("{ loguniform: [1.0e-5, 1] }")).Search.Space[0]);

    [Fact]
    public void A_grid_just_at_the_limit_is_valid_and_a_larger_one_with_max_trials_too()
    {
        Valid(Grid(6, 10));
        Valid(Command("max_trials: 5\nspace:\n" + string.Join("\n", Enumerable.Range(0, 20).Select(d => $"  p{d}: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"))));
    }

    /// <summary>Every prefix of a valid file, and a seeded set of one-character edits of it, gives a spec or problems; nothing throws.</summary>
    [Fact]
    public void Truncated_and_mutated_files_never_throw()
    {
        foreach (var text in new[] { Full, Base, RandomSweep("{ int: [1, 4] }") })
        {
            for (var n = 0; n <= text.Length; n++) Check(text[..n]);
            var rng = new Random(1234);
            const string alphabet = " \n\t:-[]{},#&*!|>'\"%@`?.0123456789abcxyz~";
            for (var i = 0; i < 400; i++)
            {
                var at = rng.Next(text.Length);
                var mutated = rng.Next(3) switch
                {
                    0 => text.Remove(at, 1),
                    1 => text.Insert(at, alphabet[rng.Next(alphabet.Length)].ToString()),
                    _ => text.Remove(at, 1).Insert(at, alphabet[rng.Next(alphabet.Length)].ToString()),
                };
                Check(mutated);
            }
        }

        static void Check(string text)
        {
            SweepDefinition d;
            try { d = SpecReader.Parse(text); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"Parse threw {e.GetType().Name}: {e.Message}\non:\n{text}"); }
            Assert.True(d.IsValid || d.Problems.Count > 0, $"neither valid nor any problem for:\n{text}");
            Assert.True(d.IsValid == d.Problems.Count is 0, $"a valid file has no problems:\n{text}");
            foreach (var p in d.Problems) Assert.True(p.At.Line >= 1 && p.At.Column >= 1, $"bad position {p.At} for:\n{text}");
            if (d.IsValid) Assert.NotEmpty(TrialPlanner.Plan(d.Spec!));
        }
    }
}
