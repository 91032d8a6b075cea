using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using CoToSweep.Domain.Shapley;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Commands;

/// <summary>
/// Shapley values of players from precomputed coalition values (DESIGN.md, <c>--table</c>). Parses, picks the
/// estimator and prints; every anticipated problem is one line and exit 2.
/// </summary>
public sealed class ShapleyCommand : Command<ShapleyCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--table <FILE>")]
        [Description("CSV 'coalition,value' with an optional '# players: a;b;c' line.")]
        public string? Table { get; init; }

        [CommandOption("--method <METHOD>")]
        [Description("exact | permutation | antithetic | owen | stratified | regression (default exact).")]
        public string Method { get; init; } = "exact";

        [CommandOption("--samples <N>")]
        [Description("Marginal-contribution samples per player (default 256; ignored by exact).")]
        public int Samples { get; init; } = 256;

        [CommandOption("--seed <S>")]
        [Description("Random seed (default 0).")]
        public ulong Seed { get; init; }

        [CommandOption("--json")]
        [Description("Print {\"players\",\"values\",\"std_errors\",\"evaluations\",\"method\"}.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Table)) throw new UserError("cotosweep shapley: --table FILE is required");
        var estimator = ShapleyEstimators.Find(settings.Method)
                        ?? throw new UserError($"cotosweep shapley: unknown --method '{settings.Method}' (one of {string.Join(", ", ShapleyEstimators.Names)})");
        if (settings.Samples < 1) throw new UserError("cotosweep shapley: --samples must be at least 1");
        var table = Load(settings.Table);
        if (estimator is ExactEstimator) CheckComplete(table);
        ShapleyEstimate estimate;
        try
        {
            estimate = ShapleyDriver.Run(estimator, new ShapleyRequest(table.Players, settings.Samples, settings.Seed), table);
        }
        catch (CoalitionTableException e)
        {
            throw new UserError($"{e.Message}, which --method {estimator.Method} drew (sampling needs every coalition it draws; give a complete table)");
        }
        if (settings.Json) PrintJson(table, estimate);
        else PrintText(table, estimate);
        return ExitCodes.Done;
    }

    private static CoalitionTable Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"{path}: cannot read: {e.Message}");
        }
        try
        {
            return CoalitionTable.Parse(path, text);
        }
        catch (CoalitionTableException e)
        {
            throw new UserError(e.Message);
        }
    }

    private static void CheckComplete(CoalitionTable table)
    {
        if (table.Players > ExactEstimator.MaxPlayers)
            throw new UserError($"{table.File}: {table.Players} players is too many for --method exact (at most {ExactEstimator.MaxPlayers}); use a sampling method");
        if (table.FirstMissing() is { } missing)
            throw new UserError($"{table.File}: --method exact needs all {1L << table.Players} coalitions, the table has {table.Rows}; " +
                                $"the first missing is '{table.Describe(missing)}'");
    }

    private static void PrintJson(CoalitionTable table, ShapleyEstimate estimate)
    {
        using var stream = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("players");
            foreach (var name in table.PlayerNames) json.WriteStringValue(name);
            json.WriteEndArray();
            Numbers(json, "values", estimate.Values);
            Numbers(json, "std_errors", estimate.StdErrors);
            json.WriteNumber("evaluations", estimate.Evaluations);
            json.WriteString("method", estimate.Method);
            json.WriteNumber("samples_per_player", estimate.SamplesPerPlayer);
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    /// <summary>JSON has no NaN: an undefined standard error (fewer than two samples) is written as null.</summary>
    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
            if (double.IsFinite(v)) json.WriteNumberValue(v);
            else json.WriteNullValue();
        json.WriteEndArray();
    }

    private static void PrintText(CoalitionTable table, ShapleyEstimate estimate)
    {
        var width = Math.Max(6, table.PlayerNames.Max(n => n.Length));
        var c = CultureInfo.InvariantCulture;
        Console.Out.WriteLine($"{"player".PadRight(width)}  {"phi",12}  {"± 95%",12}");
        for (var i = 0; i < table.Players; i++)
            Console.Out.WriteLine(string.Format(c, "{0}  {1,12:G6}  {2,12:G3}", table.PlayerNames[i].PadRight(width),
                estimate.Values[i], 1.96 * estimate.StdErrors[i]));
        var sum = estimate.Values.Sum();
        var grand = Coalitions.Grand(table.Players);
        var efficiency = table.Contains(0) && table.Contains(grand)
            ? string.Format(c, "; sum phi {0:G6} vs v(N) - v(empty) {1:G6}", sum, table.Value(grand) - table.Value(0))
            : "";
        Console.Out.WriteLine(string.Format(c, "method {0}, {1} evaluations, {2} samples per player{3}",
            estimate.Method, estimate.Evaluations, estimate.SamplesPerPlayer, efficiency));
    }
}
