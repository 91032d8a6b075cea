using System.ComponentModel;
using System.Globalization;
using CoToSweep.Cli.Bench;
using CoToSweep.Domain.Search.Bench;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Trial-steps each search method spends to complete a trial within 1% of the optimum (of the problem's spread), on
/// synthetic problems with learning curves, over seeds, as ratios against random search measured in the same run; and
/// TPE proposals per second at 1,000 finished trials. Runs the real sweep state with simulated slots (<see cref="SearchBench"/>).
/// </summary>
public sealed class BenchSearchCommand : Command<BenchSearchCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--seeds <N>")]
        [Description("Runs per problem and method (default 10).")]
        public int Seeds { get; init; } = 10;

        [CommandOption("--max-trials <N>")]
        [Description("Trial budget of each run; a run that does not reach the target counts its whole spend (default 400).")]
        public int MaxTrials { get; init; } = 400;

        [CommandOption("--problems <LIST>")]
        [Description("Problems, comma-separated: branin, optimiser (conditional and categorical), quadratic5, coto (recorded coto trials) (default all).")]
        public string? Problems { get; init; }

        [CommandOption("--python <PATH>")]
        [Description("A python that imports optuna, for Optuna's TPE + successive halving side by side (default /usr/bin/python3 when it has python3-optuna).")]
        public string? Python { get; init; }

        [CommandOption("--no-optuna")]
        [Description("Leave Optuna out even when it is installed.")]
        public bool NoOptuna { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Seeds < 1 || settings.MaxTrials < 1) throw new UserError("--seeds and --max-trials must be at least 1");
        var names = settings.Problems?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? SearchProblem.All.Select(p => p.Name).ToArray();
        var problems = names.Select(n => SearchProblem.All.FirstOrDefault(p => p.Name == n)
            ?? throw new UserError($"--problems: no problem '{n}' (there are {string.Join(", ", SearchProblem.All.Select(p => p.Name))})")).ToList();
        var c = CultureInfo.InvariantCulture;
        var (python, optuna) = settings.NoOptuna ? (null, "--no-optuna") : OptunaSearchBench.Find(settings.Python);
        Console.Out.WriteLine($"trial-steps to complete a trial within 1% of the optimum; {settings.Seeds} seeds, {SearchBench.Slots} slots, " +
                              $"{SearchBench.MaxSteps} steps a trial, budget {settings.MaxTrials} trials");
        Console.Out.WriteLine(python is null ? $"optuna: not run ({optuna})" : $"optuna: {optuna} ({python}), TPESampler(constant_liar) + SuccessiveHalvingPruner");
        Console.Out.WriteLine($"{"problem",-11} {"method",-12} {"reached",8} {"mean steps",11} {"median",8} {"vs random",10}");
        foreach (var problem in problems)
        {
            double? baseline = null;
            void Row(string method, IReadOnlyList<long?> runs)
            {
                // A run that ran out of budget counts what it spent: the whole budget at full length, a lower bound.
                var steps = runs.Select(r => (double)(r ?? (long)settings.MaxTrials * SearchBench.MaxSteps)).Order().ToList();
                var mean = steps.Average();
                baseline ??= mean;
                var censored = runs.Any(r => r is null) ? "≥" : "";
                Console.Out.WriteLine(string.Create(c, $"{problem.Name,-11} {method,-12} {runs.Count(r => r is not null),4}/{runs.Count,-3} {censored + mean.ToString("F0", c),11} {steps[steps.Count / 2],8:F0} {mean / baseline.Value,10:F2}"));
            }
            foreach (var method in SearchBench.Methods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Row(method.Name, Enumerable.Range(0, settings.Seeds).Select(seed => SearchBench.StepsToTarget(problem, method, seed, settings.MaxTrials)).ToList());
            }
            if (python is not null) Row("optuna", OptunaSearchBench.Run(python, problem, settings.Seeds, settings.MaxTrials, cancellationToken));
        }
        var rate = SearchBench.TpeProposalsPerSecond(SearchProblem.Branin, 1000, 20);
        Console.Out.WriteLine(string.Create(c, $"tpe proposals per second at 1000 finished trials (branin, univariate): {rate:F1}"));
        return ExitCodes.Done;
    }
}
