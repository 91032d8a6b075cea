using System.ComponentModel;
using System.Text;
using System.Text.Json;
using CoToSweep.Actors.Runners;
using CoToSweep.Actors.Runners.Processes;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using CoToSweep.Actors.Runners.Kinds;
using CoToSweep.Training;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Hidden verb: runs one attempt of a built-in trial in this process, for <see cref="ProcessIsolatedTrialRunner"/>.
/// Progress and the final metrics go to stdout as <c>cotosweep {json}</c> lines, artifacts to the assignment's
/// directory; exit 0 on success, <see cref="ProcessIsolatedTrialRunner.TrialFailedExitCode"/> or
/// <see cref="ProcessIsolatedTrialRunner.HostFailedExitCode"/> with the reason as stderr's last line otherwise.
/// With <c>--serve</c> the host is long-lived: it reads one assignment file path per stdin line, runs each attempt in
/// turn with the data and base model loaded once, and ends each with a <c>cotosweep-host {"exit": N, "reason": …}</c>
/// line (N as above); it exits when stdin closes.
/// </summary>
public sealed class TrialHostCommand : Command<TrialHostCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<KIND>")]
        [Description("The built-in trial kind: coto or nemesis.")]
        public string Kind { get; init; } = "";

        [CommandOption("--assignment <FILE>")]
        [Description("The attempt, as serialized TrialAssignment.v1 JSON.")]
        public string? Assignment { get; init; }

        [CommandOption("--serve")]
        [Description("Run one attempt per assignment path read from stdin, until stdin closes.")]
        public bool Serve { get; init; }

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
        var kind = BuiltinKinds.Find(settings.Kind)
            ?? throw new UserError($"cotosweep trial-host: unknown kind '{settings.Kind}' ({string.Join(", ", BuiltinKinds.All.Select(k => k.Name))})");
        if (!settings.Serve && string.IsNullOrEmpty(settings.Assignment)) throw new UserError("cotosweep trial-host: --assignment FILE or --serve is required");
        var runner = kind.InProcess(new CotoRunnerOptions(settings.Data, settings.Models ?? TrainingEnvironment.DefaultModelCache,
            Math.Max(1, settings.Threads), settings.Device));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Interrupts.Token);
        if (!settings.Serve)
        {
            var (code, reason) = RunOne(runner, Read(settings.Assignment!), stop.Token);
            if (reason is not null) lock (OutputLock) Console.Error.WriteLine(reason);
            return code;
        }
        // Cancellation of one trial is the runner killing this process; a closed stdin is the end.
        while (Console.In.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            int code;
            string? reason;
            try { (code, reason) = RunOne(runner, Read(line), stop.Token); }
            catch (UserError e) { (code, reason) = (ProcessIsolatedTrialRunner.HostFailedExitCode, e.Message); }
            PrintEnd(code, reason);
        }
        return ExitCodes.Done;
    }

    private static TrialAssignment Read(string file)
    {
        try
        {
            return (TrialAssignment)SweepMessageCodec.Deserialize(File.ReadAllBytes(file), "TrialAssignment.v1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            throw new UserError($"cotosweep trial-host: cannot read {file}: {e.Message}");
        }
    }

    /// <summary>One attempt: its metrics printed, then its exit code and (when it failed) the reason.</summary>
    private static (int Code, string? Reason) RunOne(ITrialRunner runner, TrialAssignment assignment, CancellationToken cancellationToken)
    {
        var outcome = runner.RunAsync(assignment, new LineProgress(), cancellationToken).GetAwaiter().GetResult();
        Print(outcome.Metrics);
        if (outcome.Succeeded) return (ExitCodes.Done, null);
        return (outcome.TrialFault ? ProcessIsolatedTrialRunner.TrialFailedExitCode : ProcessIsolatedTrialRunner.HostFailedExitCode, outcome.FailureReason);
    }

    private static void PrintEnd(int code, string? reason)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("exit", code);
            if (reason is not null) w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        var line = TrialHost.EndPrefix + Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (OutputLock)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
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
