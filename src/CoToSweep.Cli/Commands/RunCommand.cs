using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

public sealed class RunCommand : AsyncCommand<RunCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<SWEEP>")]
        [Description("Sweep definition (YAML). Running the same file again resumes it.")]
        public string File { get; init; } = "";

        [CommandOption("--state <DIR>")]
        [Description("State directory (default ./.cotosweep). $COTOSWEEP_STATE")]
        public string? State { get; init; }

        [CommandOption("--workers <N>")]
        [Description("Local worker slots (default: CPU cores, capped by search.max_concurrent).")]
        public int? Workers { get; init; }

        [CommandOption("--gpus <LIST>")]
        [Description("GPU slots besides CPU slots: all, none (default) or a list such as 0,1 (with GPUs, CPU slots only if --workers). $COTOSWEEP_GPUS")]
        public string? Gpus { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Fashion-MNIST directory for built-in trainers (default: the full set if installed, else the shipped subset). $COTOSWEEP_DATA")]
        public string? Data { get; init; }

        [CommandOption("--no-live")]
        [Description("Plain log lines instead of the live view (automatic when output is not a terminal).")]
        public bool NoLive { get; init; }

        [CommandOption("--http <HOST:PORT>")]
        [Description(HttpServing.HttpHelp)]
        public string? Http { get; init; }

        [CommandOption("--http-token <TOKEN>")]
        [Description(HttpServing.TokenHelp)]
        public string? HttpToken { get; init; }

        [CommandOption("--http-read-open")]
        [Description(HttpServing.ReadOpenHelp)]
        public bool HttpReadOpen { get; init; }

        public override ValidationResult Validate() => Workers is < 1
            ? ValidationResult.Error("--workers must be at least 1")
            : base.Validate();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = Options(settings.State, settings.Workers, settings.NoLive, settings.Data) with
        {
            Gpus = EnvironmentVariables.Gpus.Or(settings.Gpus),
            Http = HttpServing.From(settings.Http, settings.HttpToken, settings.HttpReadOpen),
        };
        // An edited budget (more max_trials, seeds appended) continues the sweep the file started.
        var definition = SweepContinuation.Resolve(SweepFiles.Load(settings.File), settings.File, options.StateDir);
        return EmbeddedSweep.RunAsync(definition, options, Interrupts.Token);
    }

    public static EmbeddedOptions Options(string? state, int? workers, bool noLive, string? data) => new(
        Path.GetFullPath(EnvironmentVariables.State.Or(state) ?? Actors.Persistence.StateDirectory.Default),
        workers,
        !noLive && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive,
        DataDirectory(EnvironmentVariables.Data.Or(data)));

    /// <summary><c>--data</c> as an absolute path (trials run in their artifact directories), checked before anything is written.</summary>
    public static string? DataDirectory(string? data) =>
        data is null ? null
        : Directory.Exists(data) ? Path.GetFullPath(data)
        : throw new UserError($"--data {data}: no such directory");
}
