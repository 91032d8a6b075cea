using CoToSweep.Domain.Analyses;
using CoToSweep.Actors.Cluster;
using CoToSweep.Actors.Embedded;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Workers;
using CoToSweep.Actors.Persistence;
using CoToSweep.Cli.Live;
using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;
using Serilog;
using Serilog.Events;
using Spectre.Console;

namespace CoToSweep.Cli;

public sealed record EmbeddedOptions(string StateDir, int? Workers, bool Live, string? DataDir, string? Gpus = null, HttpServing? Http = null);

/// <summary>
/// `run` and `resume`: one sweep in this process, state in the state dir. Validation has happened before this is
/// called; the first thing written is the state dir, after checking that no coordinator holds it.
/// </summary>
public static class EmbeddedSweep
{
    public static async Task<int> RunAsync(SweepDefinition definition, EmbeddedOptions options, CancellationToken cancellationToken)
    {
        var spec = definition.Spec!;
        var plan = Slots(options, spec);
        if (spec.Resources.Gpus > plan.Max(p => p.Gpus))
            throw new UserError($"trials ask for {spec.Resources.Gpus} GPU(s) (resources.gpus) but no local slot has that many " +
                                $"(slots: {string.Join(", ", plan.Select(p => p.Name))}); give --gpus or run workers on GPU nodes");
        if (CoordinatorLock.LiveHolder(options.StateDir) is { } running) throw new UserError(AlreadyRunning(running, definition.Id, options.StateDir));
        RefuseCancelled(options.StateDir, definition.Id);

        StateDirectory.Prepare(options.StateDir);
        using var held = CoordinatorLock.TryAcquire(options.StateDir, [definition.Id], out var holder)
                         ?? throw new UserError(AlreadyRunning(holder, definition.Id, options.StateDir));
        Logging.Configure(options.StateDir, options.Live ? LogEventLevel.Warning : LogEventLevel.Information, journalFaultsOnConsole: false);
        try
        {
            Log.Information("Sweep {SweepId}: {Trials} trials on {Workers} local slots ({Slots}), state in {StateDir}",
                definition.Id, Domain.Search.TrialPlanner.Target(spec), plan.Count, string.Join(", ", plan.Select(p => p.Name)), options.StateDir);
            var threads = Math.Max(1, Environment.ProcessorCount / plan.Count);
            var slots = plan.Select(p => new SlotSpec(p.Name, p.Gpus, RunnerCatalog.Create(new RunnerOptions(options.DataDir, threads,
                Command: new CommandRunnerOptions { CudaVisibleDevices = p.Gpu is null && options.Gpus is null ? null : p.CudaVisibleDevices },
                AnalysisDevice: options.Gpus is null ? null : p.InProcessDevice)))).ToList();
            await using var run = await EmbeddedRun.StartAsync(definition,
                EmbeddedRunSettings.ForStateDirectory(options.StateDir, plan.Count) with { DebugLog = Logging.Verbose }, slots, cancellationToken);
            // The embedded run serves its own sweep: a submission of another one is refused (409) rather than left to die with this run.
            await using var web = options.Http is { } http
                ? await WebHosting.StartAsync(http, options.StateDir, null, JournalSettings.ForStateDirectory(options.StateDir),
                    new Web.SweepControl(() => run.System, "/user/coordinator", definition.Id), cancellationToken)
                : null;
            IProgressView view = options.Live ? new LiveProgressView(AnsiConsole.Console) : new PlainProgressView(Console.Out, TimeSpan.FromSeconds(2));
            var final = await view.ShowAsync(definition.Id, update => run.WaitAsync(update, TimeSpan.FromMilliseconds(250), cancellationToken));
            if (final.Phase == SweepPhase.Cancelled)
            {
                // The run stops here; disposing it stops the slots, whose trials were told to stop already.
                Console.Error.WriteLine($"sweep {definition.Id} was cancelled: its running trials were stopped and it does not run again");
                return ExitCodes.Failed;
            }
            PrintSummary(final);
            return final.Phase == SweepPhase.Completed ? ExitCodes.Done : ExitCodes.Failed;
        }
        catch (JournalUnwritableException e)
        {
            Log.Error("Sweep {SweepId}: {JournalFault}", definition.Id, e.Message);   // the file's; the console gets the one line below
            throw new UserError(e.Message, ExitCodes.Failed);
        }
        catch (OperationCanceledException)
        {
            Log.Warning("Sweep {SweepId} interrupted; run the same file again (or `cotosweep resume {SweepId}`) to continue", definition.Id, definition.Id);
            throw;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>CPU slots (default: one per core, capped by max_concurrent), plus GPU slots when --gpus asks for them.</summary>
    private static IReadOnlyList<PlannedSlot> Slots(EmbeddedOptions options, SweepSpec spec)
    {
        var cpu = options.Workers ?? (options.Gpus is null or "none" ? Math.Min(Environment.ProcessorCount, spec.Search.MaxConcurrent ?? int.MaxValue) : 0);
        if (options.Gpus is null or "none") return Enumerable.Range(0, cpu).Select(i => new PlannedSlot($"slot-{i}", null)).ToList();
        try { return SlotPlan.Make(options.Gpus, cpu, TorchGpuInventory.ForThisNode()); }
        catch (ArgumentException e) { throw new UserError(e.Message); }
    }

    private static void PrintSummary(SweepState state)
    {
        var board = (state.Spec!.Search.Seeds?.Count ?? 1) > 1 ? BoardKinds.Configs : BoardKinds.Trials;
        Console.Out.WriteLine();
        // The objective only: every metric of a built-in trainer would make the table too wide for a terminal.
        var objective = state.Spec.Objective.Metric;
        var table = TopTen(state, board).Project(c => c.Kind != ColumnKind.Metric || c.Name.StartsWith(objective, StringComparison.Ordinal));
        Boards.BoardPrinter.Print(Console.Out, table, BoardFormat.Table);
        var failed = state.Count(TrialStatus.Failed);
        Console.Out.WriteLine(
            $"{state.Id}: {state.Phase.ToString().ToLowerInvariant()}, {state.Count(TrialStatus.Completed)} completed, {failed} failed" +
            $" — full table: cotosweep leaderboard {state.Id} --board {board.Name}");
        if (state.Analyses.IsEmpty) return;
        var wanted = state.WantedAnalyses.Select(k => k.Name).ToHashSet();
        if (wanted.Contains(ShapleyAnalysis.KindName))
            // Per analysis, its most valuable group and the balance figures; every group: the shapley board.
            Summary(state, BoardKinds.Shapley, 1, ["trial", "group", "phi", "ci_low", "ci_high", "top1_share", "gini", "efficiency_gap", "status"],
                "Shapley values of every adapter group");
        if (wanted.Contains(MergeAnalysis.KindName))
            Summary(state, BoardKinds.MergeConfigs, 10, state.Spec.Analysis!.Merge!.Across == "seeds"
                ? ["rank", .. ParamColumns(state), "n", "acc_at_half_mean", "acc_at_half_ci95_low", "acc_at_half_ci95_high", "acc_barrier_mean", "endpoint_acc_mean"]
                : ["rank", "method", .. ParamColumns(state), "n", "merged_mean_mean", "normalised_mean_mean", "normalised_mean_ci95_low", "normalised_mean_ci95_high"],
                "Every merged pair or task");
        if (wanted.Contains(PruneAnalysis.KindName))
            Summary(state, BoardKinds.PruneConfigs, 12, ["rank", .. ParamColumns(state), "mode", "order", "n", "area_mean", "area_ci95_low", "area_ci95_high", "acc_at_half_mean"],
                "Every pruning curve");
    }

    /// <summary>
    /// The board's best ten, from the sweep's overview where it answers (as <c>leaderboard --top 10</c> does: one walk of
    /// the trials keeping the best few), else from every trial. At a million trials the full board listed and ranked every
    /// trial: the biggest arrays of such a run, and its peak memory after the last trial (measured).
    /// </summary>
    private static Board TopTen(SweepState state, BoardKind board)
    {
        var options = new BoardOptions(10);
        var fromOverview = SweepOverview.AnswersFor(state) ? board.FromOverview(SweepOverview.Of(state), options) : null;
        return fromOverview ?? board.Build(state, options);
    }

    private static IEnumerable<string> ParamColumns(SweepState state) => state.Spec!.Search.Space.Select(d => d.Name);

    /// <summary>A few columns of an analysis board, and the command that shows all of it.</summary>
    private static void Summary(SweepState state, BoardKind kind, int top, string[] keep, string what)
    {
        var board = kind.Build(state, new BoardOptions(top)).Project(c => keep.Contains(c.Name));
        Console.Out.WriteLine();
        Boards.BoardPrinter.Print(Console.Out, board, BoardFormat.Table);
        var full = kind == BoardKinds.MergeConfigs ? BoardKinds.Merge : kind == BoardKinds.PruneConfigs ? BoardKinds.Prune : kind;
        Console.Out.WriteLine($"{what}: cotosweep leaderboard {state.Id} --board {full.Name}");
    }

    /// <summary>A cancelled sweep ends for good: running its file again (or resuming it) says so instead of running it.</summary>
    private static void RefuseCancelled(string stateDir, string sweepId)
    {
        var journal = StateDirectory.JournalPath(stateDir);
        if (!File.Exists(journal)) return;
        // The overview has the phase without decoding a big sweep's every trial (seconds at a million).
        var catalog = new Actors.Queries.SweepCatalog(new Actors.Queries.SqliteJournalReader(journal));
        var (phase, updated) = catalog.LoadOverview(sweepId) is { } o ? (o.Phase, o.Updated) : catalog.Load(sweepId) is { } s ? (s.Phase, s.Updated) : (SweepPhase.New, null);
        if (phase == SweepPhase.Cancelled)
            throw new UserError($"sweep {sweepId} was cancelled ({updated?.ToLocalTime():yyyy-MM-dd HH:mm:ss}) and does not run again; " +
                                $"`cotosweep delete {sweepId}` removes it, and then the same file starts it afresh");
    }

    public static string AlreadyRunning(LockHolder? holder, string sweepId, string stateDir)
    {
        var who = holder is null ? "another process" : $"pid {holder.Pid} on {holder.Host} since {holder.Started:u}";
        return holder is null || holder.Sweeps.Contains(sweepId)
            ? $"sweep {sweepId} is already running ({who}); watch it with: cotosweep status {sweepId} --watch"
            : $"state dir {stateDir} is in use by a running coordinator ({who}, sweep {string.Join(", ", holder.Sweeps)}); wait for it or use another --state";
    }
}
