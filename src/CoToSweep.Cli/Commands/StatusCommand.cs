using System.ComponentModel;
using System.Text.Json;
using CoToSweep.Actors.Queries;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Sweeps and their progress, read from the journal: works with or without a coordinator running.</summary>
public sealed class StatusCommand : AsyncCommand<StatusCommand.Settings>
{
    public sealed class Settings : StateSettings
    {
        [CommandArgument(0, "[SWEEP_ID]")]
        [Description("One sweep (full id or a unique prefix); all sweeps when omitted.")]
        public string? SweepId { get; init; }

        [CommandOption("--json")]
        [Description("Print a JSON array of sweeps.")]
        public bool Json { get; init; }

        [CommandOption("--watch")]
        [Description("Refresh every second until Ctrl-C (or until the watched sweep finishes); waits for a sweep that is not journaled yet.")]
        public bool Watch { get; init; }
    }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!settings.Watch)
        {
            var catalog = settings.OpenCatalog();
            var id = settings.SweepId is null ? null
                : catalog.Resolve(settings.SweepId) ?? throw new UserError($"no sweep '{settings.SweepId}' in {settings.Source}");
            Print(Summaries(catalog, settings, id), settings.Json);
            return ExitCodes.Done;
        }
        try
        {
            var (catalog, id) = await WaitForSweepAsync(settings);
            while (true)
            {
                var summaries = Summaries(catalog, settings, id);
                if (!settings.Json && !Console.IsOutputRedirected) AnsiConsole.Clear();
                Print(summaries, settings.Json);
                if (id is not null && summaries.All(s => s.IsFinished)) return ExitCodes.Done;
                await Task.Delay(TimeSpan.FromSeconds(1), Interrupts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Done;   // leaving --watch with Ctrl-C is the normal way out, not an interruption
        }
    }

    /// <summary>
    /// <c>--watch</c> started just before the sweep is journaled (right after <c>run</c>, say) waits for it: for the
    /// state directory (or journal) to exist and for the sweep to be registered, saying once that it waits.
    /// </summary>
    private static async Task<(SweepCatalog Catalog, string? Id)> WaitForSweepAsync(Settings settings)
    {
        var said = false;
        while (true)
        {
            if (settings.Exists)
            {
                var catalog = settings.OpenCatalog();
                if (settings.SweepId is null) return (catalog, null);
                if (catalog.Resolve(settings.SweepId) is { } id && catalog.Load(id) is not null) return (catalog, id);
            }
            if (!said) Console.Error.WriteLine($"waiting for sweep '{settings.SweepId ?? "*"}' in {settings.Source} (Ctrl-C to stop)");
            said = true;
            await Task.Delay(TimeSpan.FromMilliseconds(250), Interrupts.Token);
        }
    }

    private static List<SweepSummary> Summaries(SweepCatalog catalog, StateSettings settings, string? id)
    {
        var live = settings.LiveCoordinator();
        var ids = id is null ? catalog.Registered().Select(r => r.SweepId) : [id];
        return ids.Select(i => catalog.Summary(i, live)).OfType<SweepSummary>().ToList();
    }

    private static void Print(IReadOnlyList<SweepSummary> sweeps, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(sweeps, JsonOptions));
            return;
        }
        if (sweeps.Count == 0)
        {
            Console.Out.WriteLine("no sweeps");
            return;
        }
        // A pipe has no width: Spectre would assume 80 columns and wrap every cell.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 220;
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("sweep", "state", "total", "pending", "running", "completed", "failed", "best", "analyses", "updated");
        foreach (var s in sweeps)
            table.AddRow(Markup.Escape(s.Id), s.State, $"{s.Trials.Total}", $"{s.Trials.Pending}", $"{s.Trials.Running}",
                $"{s.Trials.Completed}", $"{s.Trials.Failed}",
                Markup.Escape((s.Best is { } b ? $"{b.Metric}={Live.SweepProgress.Format(b.Value)} ({b.Trial})" : "-") +
                              (s.ParetoFront is { } front ? $", pareto front {front}" : "")),
                s.Analyses is { } a
                    ? Markup.Escape(string.Join(" ", a.Kinds.Select(k => $"{k.Key} {k.Value.Completed}/{k.Value.Total}" + (k.Value.Failed > 0 ? $" ({k.Value.Failed} failed)" : ""))))
                    : "-",
                s.Updated?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss") ?? "-");
        AnsiConsole.Write(table);
        foreach (var s in sweeps.Where(s => s.Stalled is not null))
            Console.Out.WriteLine($"{s.Id}: stalled since {s.Stalled!.Since.ToLocalTime():HH:mm:ss} ({s.Stalled.Failures} failed journal writes): " +
                                  $"{s.Stalled.Reason}; the coordinator keeps retrying");
    }
}
