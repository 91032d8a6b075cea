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

    protected Cli.Background Start(params string[] args)
    {
        var p = new Cli.Background(Dir.FullName, args);
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
