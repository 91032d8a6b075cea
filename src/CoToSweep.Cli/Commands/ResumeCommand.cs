using System.ComponentModel;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Continues a journaled sweep by id, with the spec it was submitted with (the file is not needed).</summary>
public sealed class ResumeCommand : AsyncCommand<ResumeCommand.Settings>
{
    public sealed class Settings : StateSettings
    {
        [CommandArgument(0, "<SWEEP_ID>")]
        [Description("The sweep (full id, a unique prefix or the name).")]
        public string SweepId { get; init; } = "";

        [CommandOption("--workers <N>")]
        [Description("Local worker slots (default: CPU cores, capped by search.max_concurrent).")]
        public int? Workers { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Fashion-MNIST directory for built-in trainers (default: the full set if installed, else the shipped subset). $COTOSWEEP_DATA")]
        public string? Data { get; init; }

        [CommandOption("--no-live")]
        [Description("Plain log lines instead of the live view (automatic when output is not a terminal).")]
        public bool NoLive { get; init; }

        public override Spectre.Console.ValidationResult Validate() => Workers is < 1
            ? Spectre.Console.ValidationResult.Error("--workers must be at least 1")
            : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Journal is not null) throw new UserError("resume takes --state, not --journal");
        var catalog = settings.OpenCatalog();
        var id = catalog.Resolve(settings.SweepId) ?? throw new UserError($"no sweep '{settings.SweepId}' in {settings.StateDir}");
        // Its spec, not its trials: the coordinator that runs it loads those (a million take seconds to load twice).
        var sweep = catalog.LoadSubmission(id) ?? throw new UserError($"sweep {id} has no journaled spec in {settings.StateDir}");
        // A paused sweep is unpaused first (journaled), then run here as an interrupted one would be.
        if (sweep.Paused) await PauseCommand.SendUnheldAsync(settings.StateDir, PauseCommand.UnheldSweep(settings.StateDir, id, "resume"),
            new SweepCommands.UnpauseSweep(DateTimeOffset.UtcNow));
        return await EmbeddedSweep.RunAsync(sweep.Definition(id), RunCommand.Options(settings.State, settings.Workers, settings.NoLive, settings.Data), Interrupts.Token);
    }
}
