using System.ComponentModel;
using CoToSweep.Actors.Persistence;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// A trial's output: the <c>stdout.log</c> and <c>stderr.log</c> its runner keeps in the attempt's artifact directory
/// (the latest attempt unless <c>--attempt</c>); <c>--follow</c> keeps printing what is appended while the trial runs.
/// </summary>
public sealed class LogsCommand : AsyncCommand<LogsCommand.Settings>
{
    public sealed class Settings : StateSettings
    {
        [CommandArgument(0, "<SWEEP_ID>")]
        [Description("The sweep (full id, a unique prefix or the name).")]
        public string SweepId { get; init; } = "";

        [CommandArgument(1, "<TRIAL_ID>")]
        [Description("The trial, e.g. t0001-s0.")]
        public string TrialId { get; init; } = "";

        [CommandOption("--attempt <N>")]
        [Description("Which attempt (default: the latest).")]
        public int? Attempt { get; init; }

        [CommandOption("--follow")]
        [Description("Keep printing new output until the trial stops running (or Ctrl-C).")]
        public bool Follow { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            Attempt is < 1 ? Spectre.Console.ValidationResult.Error("--attempt must be at least 1") : base.Validate();
    }

    private static readonly string[] Files = ["stdout.log", "stderr.log"];

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Journal is not null) throw new UserError("logs takes --state (the artifacts live in the state directory), not --journal");
        var catalog = settings.OpenCatalog();
        var id = catalog.Resolve(settings.SweepId) ?? throw new UserError($"no sweep '{settings.SweepId}' in {settings.Source}");
        var state = catalog.Load(id) ?? throw new UserError($"sweep {id} has no events yet");
        var trial = state.Trials.GetValueOrDefault(settings.TrialId)
                    ?? throw new UserError($"sweep {id} has no trial '{settings.TrialId}'" +
                                           Parsing.Suggest.DidYouMean(settings.TrialId, state.Order));
        var attempt = settings.Attempt ?? trial.Attempt;
        if (attempt < 1) throw new UserError($"trial {trial.Id} has not started yet ({TrialStatusName(trial)})");
        if (attempt > trial.Attempt) throw new UserError($"trial {trial.Id} has {trial.Attempt} attempt(s), not {attempt}");
        var dir = Path.Combine(StateDirectory.ArtifactRoot(settings.StateDir), id, trial.Id, $"attempt-{attempt}");
        if (!Directory.Exists(dir)) throw new UserError($"no output of {trial.Id} attempt {attempt} in {dir}", ExitCodes.Failed);

        var offsets = new long[Files.Length];
        Print(dir, offsets, header: !settings.Follow);
        if (!settings.Follow) return ExitCodes.Done;
        try
        {
            while (IsRunning(catalog, id, trial.Id, attempt))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), Interrupts.Token);
                Print(dir, offsets, header: false);
            }
            Print(dir, offsets, header: false);
        }
        catch (OperationCanceledException) { }   // Ctrl-C ends --follow: the normal way out
        return ExitCodes.Done;
    }

    private static string TrialStatusName(TrialRecord t) => t.Status.ToString().ToLowerInvariant();

    private static bool IsRunning(Actors.Queries.SweepCatalog catalog, string sweepId, string trialId, int attempt) =>
        catalog.Load(sweepId)?.Trials.GetValueOrDefault(trialId) is { Status: TrialStatus.Running } t && t.Attempt == attempt;

    /// <summary>What each file gained since <paramref name="offsets"/>: stdout.log to stdout, stderr.log to stderr.</summary>
    private static void Print(string dir, long[] offsets, bool header)
    {
        for (var i = 0; i < Files.Length; i++)
        {
            var path = Path.Combine(dir, Files[i]);
            if (!File.Exists(path)) continue;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= offsets[i]) continue;
            file.Seek(offsets[i], SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            var text = reader.ReadToEnd();
            offsets[i] = file.Length;
            var output = i == 0 ? Console.Out : Console.Error;
            if (header) output.WriteLine($"==> {path} <==");
            output.Write(text);
            output.Flush();
        }
    }
}
