using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoToSweep.Domain.Search;
using CoToSweep.Domain.Search.Bench;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Bench;

/// <summary>
/// Optuna's TPE + successive halving on a <see cref="SearchProblem"/>, for <c>bench search</c>: runs the embedded
/// <c>optuna_search.py</c> with a python that imports optuna, sends it the problem's parsed dimensions, and answers each
/// trial Optuna proposes with <see cref="SearchBench.Curve"/> — so both sides are measured on one definition of the
/// problem, over the same seeds, budget and schedule.
/// </summary>
public static class OptunaSearchBench
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The python to use: <paramref name="given"/>, else Debian's /usr/bin/python3 when it imports optuna; null (with why) otherwise.</summary>
    public static (string? Python, string Why) Find(string? given)
    {
        var python = given ?? "/usr/bin/python3";
        if (given is null && !File.Exists(python)) return (null, "/usr/bin/python3 not found (install python3-optuna, or give --python)");
        try
        {
            using var p = Process.Start(new ProcessStartInfo(python, ["-c", "import optuna; print(optuna.__version__)"])
                { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var version = p.StandardOutput.ReadToEnd().Trim();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? (python, $"optuna {version}") : (null, $"{python} cannot import optuna (install python3-optuna, or give --python)");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            if (given is not null) throw new UserError($"--python {given}: no such program");
            return (null, $"{python}: {e.Message}");
        }
    }

    /// <summary>Trial-steps to the target per seed (null: the budget ran out), in seed order.</summary>
    public static IReadOnlyList<long?> Run(string python, SearchProblem problem, int seeds, int maxTrials, CancellationToken token)
    {
        var script = Path.Combine(Path.GetTempPath(), $"cotosweep-optuna-{Environment.ProcessId}.py");
        File.WriteAllText(script, Script());
        try
        {
            using var p = Process.Start(new ProcessStartInfo(python, [script])
                { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stderr = p.StandardError.ReadToEndAsync(token);
            using var kill = token.Register(() => p.Kill(entireProcessTree: true));
            var space = SearchBench.Space(problem);
            var target = SearchBench.Target(problem);
            p.StandardInput.WriteLine(JsonSerializer.Serialize(new
            {
                space = space.Space, seeds = Enumerable.Range(0, seeds), max_trials = maxTrials, slots = SearchBench.Slots,
                max_steps = SearchBench.MaxSteps, report_every = SearchBench.ReportEvery, reduction = SearchBench.Reduction,
            }, Json));
            p.StandardInput.Flush();
            var results = new List<long?>();
            var noise = SearchBench.Noise(0);
            var proposed = 0;
            while (results.Count < seeds)
            {
                var line = p.StandardOutput.ReadLine()
                    ?? throw new UserError($"bench search: the Optuna side ended early: {Tail(stderr.Result)}", ExitCodes.Failed);
                var message = JsonNode.Parse(line)!.AsObject();
                if (message.ContainsKey("steps"))
                {
                    results.Add(message["steps"]?.GetValue<long>());
                    noise = SearchBench.Noise(results.Count);
                    proposed = 0;
                    continue;
                }
                var config = Config(space, message["params"]!.AsObject());
                // The seed the sweep gives its n-th proposal, so a repeated configuration replays another recorded replicate here too.
                var seed = TrialPlanner.DerivedSeed(results.Count, proposed++);
                p.StandardInput.WriteLine(JsonSerializer.Serialize(new { curve = SearchBench.Curve(problem, config, seed, noise), reached = problem.Final(config) <= target }));
                p.StandardInput.Flush();
            }
            p.StandardInput.Close();
            p.WaitForExit();
            return results;
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The driver script shipped inside this program.</summary>
    public static string Script()
    {
        using var stream = typeof(OptunaSearchBench).Assembly.GetManifestResourceStream("CoToSweep.Cli.Bench.optuna_search.py")
            ?? throw new InvalidOperationException("optuna_search.py is not embedded");
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>Optuna's parameters as the sweep's typed values, dimension by dimension (a list keeps its value's own kind).</summary>
    public static Dictionary<string, ParamValue> Config(SearchSpec space, JsonObject values)
    {
        var config = new Dictionary<string, ParamValue>();
        foreach (var d in space.Space)
        {
            if (values[d.Name] is not { } v) continue;
            config[d.Name] = d switch
            {
                UniformDimension or LogUniformDimension => ParamValue.Of(v.GetValue<double>()),
                IntDimension => ParamValue.Of(v.GetValue<long>()),
                _ => JsonSerializer.Deserialize<ParamValue>(v.ToJsonString()),
            };
        }
        return config;
    }

    private static string Tail(string text) => text.Length > 600 ? text[^600..] : text;
}
