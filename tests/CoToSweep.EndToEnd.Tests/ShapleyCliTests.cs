using System.Text.Json;

namespace CoToSweep.EndToEnd.Tests;

/// <summary><c>cotosweep shapley --table</c> on real processes: the JSON contract and one-line errors for bad tables.</summary>
[Collection(nameof(SweepProcesses))]
public sealed class ShapleyCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-shapley-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>v(S) = 1 + Σ_{i∈S} w_i + 0.2·[a, b ∈ S]: φ = w + 0.1 for a and b.</summary>
    private static string Table(int dropRow = -1)
    {
        string[] names = ["a", "b", "c", "d"];
        double[] w = [0.1, 0.2, 0.3, 0.4];
        var rows = new List<string> { "# players: a;b;c;d", "coalition,value" };
        for (var mask = 0; mask < 16; mask++)
        {
            if (mask == dropRow) continue;
            var value = 1 + Enumerable.Range(0, 4).Where(i => (mask & 1 << i) != 0).Sum(i => w[i]) + ((mask & 3) == 3 ? 0.2 : 0);
            var members = string.Join(';', Enumerable.Range(0, 4).Where(i => (mask & 1 << i) != 0).Select(i => names[i]));
            rows.Add($"{members},{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        return string.Join('\n', rows) + '\n';
    }

    private string Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, name), text);
        return name;
    }

    [Fact]
    public async Task Exact_json_has_the_contract_shape_and_the_closed_form_values()
    {
        var r = await Cli.RunAsync(_dir.FullName, "shapley", "--table", Write("game.csv", Table()), "--json");
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(["a", "b", "c", "d"], json.GetProperty("players").EnumerateArray().Select(p => p.GetString()!));
        var values = json.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal([0.2, 0.3, 0.3, 0.4], values.Select(v => Math.Round(v, 9)));
        Assert.All(json.GetProperty("std_errors").EnumerateArray(), se => Assert.Equal(0, se.GetDouble()));
        Assert.Equal(16, json.GetProperty("evaluations").GetInt64());
        Assert.Equal("exact", json.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Sampling_method_reports_errors_and_evaluations_spent()
    {
        var r = await Cli.RunAsync(_dir.FullName, "shapley", "--table", Write("game.csv", Table()), "--method", "permutation",
            "--samples", "40", "--seed", "3", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("permutation", json.GetProperty("method").GetString());
        Assert.Equal(4, json.GetProperty("std_errors").GetArrayLength());
        Assert.InRange(json.GetProperty("evaluations").GetInt64(), 5, 16); // distinct coalitions: cache hits are free
        Assert.Equal(1.2, json.GetProperty("values").EnumerateArray().Sum(v => v.GetDouble()), 9); // efficient per permutation
    }

    [Theory]
    [InlineData("dup.csv", "# players: a;b\ncoalition,value\n,0\na,1\nb,1\na,2\n", "dup.csv:6:")]
    [InlineData("players.csv", "# players: a;b;a\ncoalition,value\n,0\n", "players.csv:1:")]
    [InlineData("unknown.csv", "# players: a;b\ncoalition,value\n,0\na;z,1\n", "unknown.csv:4:")]
    [InlineData("text.csv", "# players: a;b\ncoalition,value\n,0\na,high\n", "text.csv:4:")]
    public async Task Bad_tables_get_one_line_with_file_and_line_and_exit_2(string name, string text, string location)
    {
        var r = await Cli.RunAsync(_dir.FullName, "shapley", "--table", Write(name, text));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(location, line);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Exact_on_an_incomplete_table_names_the_missing_coalition()
    {
        var r = await Cli.RunAsync(_dir.FullName, "shapley", "--table", Write("holes.csv", Table(dropRow: 5)));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("holes.csv", line);
        Assert.Contains("'a;c'", line);
    }
}
