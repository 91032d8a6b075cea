using System.ComponentModel;
using CoToSweep.Cli.Boards;
using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>Checks a sweep file (nothing written anywhere); <c>--list</c> shows the trials it plans, as a board.</summary>
public sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<SWEEP>")]
        [Description("Sweep definition (YAML).")]
        public string File { get; init; } = "";

        [CommandOption("--list")]
        [Description("Also list the planned trials: id, configuration, seed and the parameters that vary.")]
        public bool List { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("Format of --list: table (default) | csv | json | md")]
        public string Format { get; init; } = "table";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!BoardFormats.TryParse(settings.Format, out var format))
            throw UserError.Usage($"cotosweep validate: --format must be one of {string.Join(", ", BoardFormats.Names)}, not '{settings.Format}'");
        var definition = SweepFiles.Load(settings.File);
        var spec = definition.Spec!;
        // An adaptive sampler's proposals depend on results: --list shows what it proposes before any result.
        var count = TrialPlanner.IsAdaptive(spec) ? $"up to {TrialPlanner.Target(spec)} trials" : $"{TrialPlanner.Target(spec)} trials";
        if (!settings.List || format == BoardFormat.Table)
            Console.Out.WriteLine($"{settings.File}: valid sweep '{definition.Id}', {count}");
        if (settings.List) BoardPrinter.Print(Console.Out, PlannedBoard(definition, TrialPlanner.Plan(spec)), format);
        return ExitCodes.Done;
    }

    /// <summary>The plan as the trials board of a sweep nothing has run of yet, without the columns that are empty then.</summary>
    private static Board PlannedBoard(SweepDefinition definition, IReadOnlyList<PlannedTrial> plan)
    {
        var state = SweepState.Empty(definition.Id)
            .Apply(new SweepEvents.SweepSubmitted(definition.Id, definition.Spec!, definition.Text, definition.CanonicalJson, definition.BaseDirectory, DateTimeOffset.UnixEpoch))
            .Apply(new SweepEvents.TrialsPlanned(plan, DateTimeOffset.UnixEpoch));
        string[] empty = ["rank", "status", "attempt", "step", "wall_seconds", "reason"];
        var board = BoardKinds.Trials.Build(state, BoardOptions.Default);
        return board.Project(c => c.Kind != ColumnKind.Metric && !empty.Contains(c.Name));
    }
}
