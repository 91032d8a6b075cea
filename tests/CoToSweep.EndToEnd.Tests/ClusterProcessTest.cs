namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// What every cluster test on real processes needs: a temp dir as working directory, the processes it started
/// (killed at the end), and timeouts that carry the tail of those processes' logs.
/// </summary>
public abstract class ClusterProcessTest(string prefix) : IDisposable
{
    private readonly List<Cli.Background> _processes = [];

    protected DirectoryInfo Dir { get; } = Directory.CreateTempSubdirectory(prefix);

    protected string PathOf(string name) => Path.Combine(Dir.FullName, name);

    /// <summary>
    /// Four command trials (x = 1..4); each logs "trial attempt" to <c>starts</c> (or runs <paramref name="record"/>), then
    /// waits for its file <c>gate-x</c>.
    /// </summary>
    protected static string GatedSweep(string name, string record = "echo {trial_id} {attempt} >> starts") => $$$"""
        name: {{{name}}}
        trial:
          kind: command
          command: [sh, -c, "{{{record}}}; while [ ! -f gate-{x} ]; do sleep 0.05; done; echo \"cotosweep {\\\"val\\\": {x}}\""]
        objective: { metric: val, direction: maximize }
        search:
          space:
            x: [1, 2, 3, 4]
        """;

    protected List<(string Trial, int Attempt)> Starts() => File.Exists(PathOf("starts"))
        ? File.ReadAllLines(PathOf("starts")).Select(l => l.Split(' ')).Select(p => (p[0], int.Parse(p[1]))).ToList()
        : [];

    protected void Open(params int[] gates)
    {
        foreach (var g in gates) File.WriteAllText(PathOf($"gate-{g}"), "");
    }

    /// <summary>
    /// Starts a CLI process; nodes get <c>--verbose</c>, because the tests read Akka's membership and TLS lines, which
    /// reach the terminal only then (by default they go to the log file).
    /// </summary>
    protected Cli.Background Start(params string[] args)
    {
        var p = new Cli.Background(Dir.FullName, args is ["coordinator" or "worker", ..] ? [.. args, "--verbose"] : args);
        _processes.Add(p);
        return p;
    }

    protected Cli.Background Start(System.Diagnostics.ProcessStartInfo info)
    {
        var p = new Cli.Background(info);
        _processes.Add(p);
        return p;
    }

    /// <summary>A timeout with the last log lines of <paramref name="processes"/> (all started ones when none given).</summary>
    protected async Task Explained(Task wait, params Cli.Background[] processes)
    {
        try { await wait; }
        catch (TimeoutException e)
        {
            var tails = (processes.Length > 0 ? processes : _processes.ToArray())
                .Select(p => string.Join('\n', p.Output.Split('\n').Where(l => l.StartsWith('[')).TakeLast(25)));
            throw new TimeoutException(e.Message + "\n" + string.Join("\n----\n", tails), e);
        }
    }

    public virtual void Dispose()
    {
        foreach (var p in _processes) p.Dispose();
        try { Dir.Delete(recursive: true); }
        catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
