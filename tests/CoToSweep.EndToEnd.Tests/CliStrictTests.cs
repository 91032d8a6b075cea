using CoToSweep.Cli.Parsing;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>Strict parsing on the built CLI: every registered verb refuses what it does not know, with its usage, exit 2.</summary>
[Collection(nameof(CliProcesses))]
public sealed class CliStrictTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-strict-");

    [Fact]
    public async Task Every_verb_rejects_an_unknown_flag_with_its_usage_and_writes_nothing()
    {
        // Over the registered verbs themselves, so that a new verb cannot be left out.
        var runs = Verbs.All.Select(async verb =>
        {
            var args = verb.Name.Split(' ').Append("--no-such-flag").ToArray();
            return (verb, r: await Cli.RunAsync(_dir.FullName, args));
        });
        foreach (var (verb, r) in await Task.WhenAll(runs))
        {
            Assert.True(r.ExitCode == 2, $"{verb.Name}: exit {r.ExitCode}: {r.Stderr}");
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"cotosweep {verb.Name}: unknown option '--no-such-flag'", lines[0]);
            Assert.StartsWith($"usage: cotosweep {verb.Name}", lines[1]);
            Assert.Equal("", r.Stdout);
        }
        Assert.Empty(_dir.EnumerateFileSystemInfos());
    }

    [Theory]
    [InlineData("cotosweep run: unknown option '--wrokers' (did you mean '--workers'?)", "run", "x.yaml", "--wrokers", "2")]
    [InlineData("cotosweep status: unknown option '--jsn' (did you mean '--json'?)", "status", "--jsn")]
    [InlineData("cotosweep leaderboard: unknown option '--fromat' (did you mean '--format'?)", "leaderboard", "x", "--fromat", "csv")]
    [InlineData("cotosweep validate: unknown option '--bogus'", "validate", "x.yaml", "--bogus")]
    [InlineData("cotosweep leaderboard: --top: 'abc' is not a whole number", "leaderboard", "x", "--top", "abc")]
    [InlineData("cotosweep run: --workers needs a value (N)", "run", "x.yaml", "--workers")]
    [InlineData("cotosweep logs: missing TRIAL_ID", "logs", "x")]
    [InlineData("cotosweep status: unexpected argument 'b'", "status", "a", "b")]
    [InlineData("cotosweep: unknown verb 'stauts' (did you mean 'status'?)", "stauts")]
    [InlineData("cotosweep bench: unknown benchmark 'dispach' (did you mean 'dispatch'?)", "bench", "dispach")]
    [InlineData("--state ./no-such-dir: no such state directory", "status", "--state", "./no-such-dir")]
    [InlineData("--state ./no-such-dir: no such state directory", "leaderboard", "x", "--state", "./no-such-dir")]
    [InlineData("--port: a coordinator needs a fixed port (workers join it there); 0 is for workers only", "coordinator", "--port", "0")]
    public async Task Bad_command_lines_get_one_line_naming_the_problem_and_exit_2(string expected, params string[] args)
    {
        var r = await Cli.RunAsync(_dir.FullName, args);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(expected, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.Empty(_dir.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task Help_version_and_usage_agree_with_the_settings()
    {
        var version = await Cli.RunAsync(_dir.FullName, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+", version.Stdout.Trim());
        foreach (var verb in Verbs.All.Where(v => !v.Hidden))
        {
            var help = await Cli.RunAsync(_dir.FullName, [.. verb.Name.Split(' '), "--help"]);
            Assert.True(help.ExitCode == 0, $"{verb.Name} --help: {help.Stderr}");
            foreach (var option in Arguments.Options(verb.Settings).Where(o => !o.Hidden))
                Assert.Contains(option.Names[0], help.Stdout);
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
