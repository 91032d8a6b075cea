using System.ComponentModel;
using System.Text;
using System.Text.Json;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Domain.Sweeps.Kinds;
using CoToSweep.Training;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Hidden verb: runs one attempt of a built-in trial in this process, for <see cref="ProcessIsolatedTrialRunner"/>.
/// Progress and the final metrics go to stdout as <c>cotosweep {json}</c> lines, artifacts to the assignment's
/// directory; exit 0 on success, <see cref="ProcessIsolatedTrialRunner.TrialFailedExitCode"/> or
/// <see cref="ProcessIsolatedTrialRunner.HostFailedExitCode"/> with the reason as stderr's last line otherwise.
/// </summary>
public sealed class TrialHostCommand : Command<TrialHostCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<KIND>")]
        [Description("The trial kind: coto.")]
        public string Kind { get; init; } = "";

        [CommandOption("--assignment <FILE>")]
        [Description("The attempt, as serialized TrialAssignment.v1 JSON.")]
        public string? Assignment { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Fashion-MNIST IDX files (default: the system full set when installed, else the shipped subset).")]
        public string? Data { get; init; }

        [CommandOption("--models <DIR>")]
        [Description("Base-model cache (default ~/.cache/cotosweep/models).")]
        public string? Models { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Torch intra-op threads (default 1).")]
        public int Threads { get; init; } = 1;

        [CommandOption("--device <DEVICE>")]
        [Description("auto | cpu | cuda (default auto).")]
        public string Device { get; init; } = "auto";
    }

    private static readonly Lock OutputLock = new();

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Kind != CotoKind.Name) throw new UserError($"cotosweep trial-host: unknown kind '{settings.Kind}' (coto)");
        if (string.IsNullOrEmpty(settings.Assignment)) throw new UserError("cotosweep trial-host: --assignment FILE is required");
        TrialAssignment assignment;
        try
        {
            assignment = (TrialAssignment)SweepMessageCodec.Deserialize(File.ReadAllBytes(settings.Assignment), "TrialAssignment.v1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            throw new UserError($"cotosweep trial-host: cannot read {settings.Assignment}: {e.Message}");
        }

        var runner = new CotoTrialRunner(new CotoRunnerOptions(settings.Data, settings.Models ?? TrainingEnvironment.DefaultModelCache,
            Math.Max(1, settings.Threads), settings.Device));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Interrupts.Token);
        var outcome = runner.RunAsync(assignment, new LineProgress(), stop.Token).GetAwaiter().GetResult();
        Print(outcome.Metrics);
        if (outcome.Succeeded) return ExitCodes.Done;
        lock (OutputLock) Console.Error.WriteLine(outcome.FailureReason);
        return outcome.TrialFault ? ProcessIsolatedTrialRunner.TrialFailedExitCode : ProcessIsolatedTrialRunner.HostFailedExitCode;
    }

    private sealed class LineProgress : ITrialProgress
    {
        public void Report(long step, IReadOnlyDictionary<string, double> metrics) =>
            Print(new Dictionary<string, double>(metrics) { ["step"] = step });
    }

    /// <summary>One <c>cotosweep {json}</c> line; values that JSON cannot hold (NaN, ±∞) are left out.</summary>
    private static void Print(IReadOnlyDictionary<string, double> metrics)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, value) in metrics)
                if (double.IsFinite(value)) w.WriteNumber(name, value);
            w.WriteEndObject();
        }
        var line = "cotosweep " + Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (OutputLock)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
