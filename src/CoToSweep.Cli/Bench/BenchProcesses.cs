using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CoToSweep.Actors.Queries;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Bench;

/// <summary>
/// Child processes of this program started by a bench (coordinator and worker nodes, submit) on 127.0.0.1, with their
/// output kept for error messages. Every one is killed when this is disposed or when this process exits, Ctrl-C included.
/// </summary>
public sealed class BenchProcesses : IDisposable
{
    private readonly string _workDir;
    private readonly List<Child> _all = [];
    private readonly EventHandler _onExit;

    public BenchProcesses(string workDir)
    {
        _workDir = workDir;
        _onExit = (_, _) => Dispose();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    /// <summary>
    /// Nodes with <c>--verbose</c> (the default): they print Akka's membership lines ("… to [Up]", "Welcome from"), which
    /// the benches wait on. Without it those lines are read from the nodes' log files instead, and the coordinator does
    /// not format a Debug line per trial (a third of a cluster coordinator's CPU, profiled on <c>bench cluster</c>).
    /// </summary>
    public bool VerboseNodes { get; init; } = true;

    public Child Start(string name, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { WorkingDirectory = _workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") info.ArgumentList.Add(typeof(BenchProcesses).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        if (VerboseNodes && args is ["coordinator" or "worker", ..]) info.ArgumentList.Add("--verbose");
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = info };
        var state = Array.IndexOf(args, "--state") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var child = new Child(name, process, state is null ? null : Actors.Persistence.StateDirectory.LogDirectory(Path.Combine(_workDir, state)));
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        lock (_all)
        {
            process.Start();
            _all.Add(child);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until <paramref name="child"/> (or, with <paramref name="anyChild"/>, any child) has logged <paramref name="text"/>.</summary>
    public async Task WaitFor(Child child, string text, TimeSpan timeout, CancellationToken token, bool anyChild = false)
    {
        var deadline = Stopwatch.StartNew();
        while (!(anyChild ? Snapshot() : [child]).Any(c => c.Output.Contains(text, StringComparison.Ordinal) || c.Logged(text)))
        {
            if (child.Process.HasExited || deadline.Elapsed > timeout)
                throw new UserError($"bench: {child.Name} did not log '{text}'{(child.Process.HasExited ? $" (exited {child.Process.ExitCode})" : "")}: " +
                                    Tail(child.Output), ExitCodes.Failed);
            await Task.Delay(50, token);
        }
    }

    private List<Child> Snapshot()
    {
        lock (_all) return [.. _all];
    }

    public async Task Submit(SweepDefinition definition, int port, CancellationToken token)
    {
        var file = Path.Combine(_workDir, definition.Spec!.Name + ".yaml");
        await File.WriteAllTextAsync(file, definition.Text, token);
        var submit = Start("submit", "submit", file, "--coordinator", $"127.0.0.1:{port}");
        await submit.Process.WaitForExitAsync(token);
        if (submit.Process.ExitCode != 0) throw new UserError($"bench: submit exited {submit.Process.ExitCode}: {Tail(submit.Output)}", ExitCodes.Failed);
    }

    private static string Tail(string output) => string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        lock (_all)
        {
            foreach (var c in _all) c.Kill();
            _all.Clear();
        }
    }

    /// <summary>
    /// Waits until the sweep's journaled state satisfies <paramref name="until"/>. Each look folds in only the events
    /// written since the last one (a full reload every 100 ms took half a core from the nodes being measured).
    /// </summary>
    public static async Task<SweepState> Poll(SweepStateCache journal, string sweepId, Func<SweepState, bool> until, TimeSpan timeout, CancellationToken token)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (journal.Load(sweepId) is { } state && until(state)) return state;
            if (deadline.Elapsed > timeout) throw new UserError($"bench: sweep {sweepId} did not get there within {timeout.TotalSeconds:F0} s", ExitCodes.Failed);
            await Task.Delay(100, token);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A child process of this program whose output is kept (the last lines go into an error message).</summary>
    public sealed class Child(string name, Process process, string? logDirectory = null)
    {
        private readonly StringBuilder _output = new();

        /// <summary>
        /// Whether the node's log files (in its state dir) hold <paramref name="text"/>; the file quotes a line's string
        /// values (<c>to ["Up"]</c> where the console shows <c>to [Up]</c>), so quotes are left out of the comparison.
        /// </summary>
        public bool Logged(string text)
        {
            if (logDirectory is null || !Directory.Exists(logDirectory)) return false;
            foreach (var file in Directory.EnumerateFiles(logDirectory))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (new StreamReader(stream).ReadToEnd().Replace("\"", "").Contains(text, StringComparison.Ordinal)) return true;
            }
            return false;
        }

        public string Name { get; } = name;
        public Process Process { get; } = process;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public void Append(string? line)
        {
            if (line is not null) lock (_output) _output.AppendLine(line);
        }

        /// <summary>SIGKILL of this process alone (what a crash does; its trial processes die with it by their parent-death signal).</summary>
        public void KillNodeOnly()
        {
            try { if (!Process.HasExited) Process.Kill(entireProcessTree: false); }
            catch (InvalidOperationException) { }
        }

        public void Kill()
        {
            try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
        }
    }
}
