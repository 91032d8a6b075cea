using CoToSweep.Cli.Commands;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Parsing;

/// <summary>
/// One registered verb: its name as typed (<c>bench dispatch</c> for a verb of a branch), its help line, its settings
/// type (what <see cref="Arguments"/> checks a command line against) and how it registers itself.
/// </summary>
public sealed record Verb(string Name, string Description, Type Settings, bool Hidden,
    Action<IConfigurator>? AddTo, Action<IConfigurator<CommandSettings>>? AddToBranch)
{
    /// <summary>The branch a verb belongs to (<c>bench</c>), or null for a top-level verb.</summary>
    public string? Branch => Name.Contains(' ') ? Name[..Name.IndexOf(' ')] : null;

    public string Leaf => Name.Contains(' ') ? Name[(Name.IndexOf(' ') + 1)..] : Name;
}

/// <summary>
/// Every verb of the program, in help order: <c>Program</c> registers exactly these, and the strict argument check
/// and the tests (one test over all verbs) read the same list, so a new verb cannot be left out of either.
/// </summary>
public static class Verbs
{
    public const string BenchBranch = "bench";

    public const string BenchDescription = "Benchmarks that print ratios against a baseline measured in the same run.";

    public static IReadOnlyList<Verb> All { get; } =
    [
        Top<ValidateCommand>("validate", "Check a sweep file; exit 0 valid, 2 invalid (--list: the trials it plans)."),
        Top<ShapleyCommand>("shapley", "Shapley values from a table of coalition values (--table; exact or sampled, with error bars)."),
        Top<RunCommand>("run", "Run a sweep in this process (coordinator + local slots); the same file again resumes it."),
        Top<ResumeCommand>("resume", "Continue an interrupted (or paused) sweep by id."),
        Top<PauseCommand>("pause", "Pause a sweep: lease nothing more until resume; running trials finish (journaled; --coordinator on a cluster)."),
        Top<StatusCommand>("status", "Sweeps and their progress (--json, --watch)."),
        Top<LeaderboardCommand>("leaderboard", "Ranked results of a sweep (boards trials|configs|pareto|importance|shapley|merge|merge-configs|prune|prune-configs|corruption; table|csv|json|md)."),
        Top<CancelCommand>("cancel", "Cancel a sweep: stop its running trials and end it for good (journaled; --coordinator on a cluster)."),
        Top<DeleteCommand>("delete", "Delete a finished or interrupted sweep: its journal rows and artifacts (asks first; --yes for scripts)."),
        Top<LogsCommand>("logs", "A trial's output (stdout and stderr of an attempt; --follow while it runs)."),
        Top<ReportCommand>("report", "Write a sweep's report: report.md with PNG plots (objective, curves, schedules, analyses) and every board (--out DIR)."),
        Top<CoordinatorCommand>("coordinator", "Run a coordinator node of a cluster (the singleton, or a standby with --join)."),
        Top<WorkerCommand>("worker", "Run a worker node: one slot per GPU or CPU slots, pulling trials from the coordinator."),
        Top<SubmitCommand>("submit", "Validate a sweep file and submit it to a running coordinator."),
        Top<HealthCommand>("health", "Ask the local node's health endpoint (--health-port): exit 0 live (or --ready), 1 not."),
        Top<TrialHostCommand>("trial-host", "Run one attempt of a built-in trial in this process (used by the isolated runner).", hidden: true),
        Bench<BenchDispatchCommand>("dispatch", "Trials/s through the durable embedded coordinator vs an in-memory journal."),
        Bench<BenchClusterCommand>("cluster", "Trials/s through a coordinator and 2 worker processes vs embedded; kill -9 of a worker to its trial's re-run."),
        Bench<BenchUtilizationCommand>("utilization", "Overhead of the durable embedded run on trials that sleep 50 ms on 16 slots, vs the ideal wall time, and where the slots' time went."),
        Bench<BenchChaosCommand>("chaos", "Kill -9 and restart random nodes of a loopback cluster during a command sweep; lost, duplicated and re-run trials (all must be 0)."),
        Bench<BenchTrainingCommand>("training", "Adapter-training steps/s, FLOP/s vs a large matmul, time per step at p = 0.5 vs p = 1."),
        Bench<BenchShapleyCommand>("shapley", "Evaluations each Shapley estimator needs for a relative error, vs antithetic permutations."),
        Bench<BenchSearchCommand>("search", "Trial-steps random, random+ASHA, TPE and TPE+ASHA spend to get within 1% of the optimum, vs random."),
    ];

    /// <summary>Registers every verb (and the bench branch) with the app.</summary>
    public static void Register(IConfigurator config)
    {
        foreach (var verb in All.Where(v => v.Branch is null)) verb.AddTo!(config);
        config.AddBranch(BenchBranch, bench =>
        {
            bench.SetDescription(BenchDescription);
            foreach (var verb in All.Where(v => v.Branch == BenchBranch)) verb.AddToBranch!(bench);
        });
    }

    public static Verb? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    private static Verb Top<TCommand>(string name, string description, bool hidden = false) where TCommand : class, ICommand =>
        new(name, description, SettingsOf(typeof(TCommand)), hidden, config =>
        {
            var c = config.AddCommand<TCommand>(name).WithDescription(description);
            if (hidden) c.IsHidden();
        }, null);

    private static Verb Bench<TCommand>(string name, string description) where TCommand : class, ICommandLimiter<CommandSettings> =>
        new($"{BenchBranch} {name}", description, SettingsOf(typeof(TCommand)), false, null,
            branch => branch.AddCommand<TCommand>(name).WithDescription(description));

    /// <summary>The <c>TSettings</c> of <c>Command&lt;TSettings&gt;</c> or <c>AsyncCommand&lt;TSettings&gt;</c>.</summary>
    private static Type SettingsOf(Type command)
    {
        for (var t = command; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings)) return settings;
        throw new InvalidOperationException($"{command.Name} is not a Command<TSettings>");
    }
}
