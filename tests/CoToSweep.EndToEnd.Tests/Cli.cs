using System.Diagnostics;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>Runs the built CLI (<c>dotnet cotosweep.dll …</c>) as a real process, the way scripts use it.</summary>
public static class Cli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "cotosweep.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static ProcessStartInfo StartInfo(string workDir, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    public static async Task<Result> RunAsync(string workDir, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(workDir, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cotosweep {string.Join(' ', args)} did not finish in {timeout}: {await stdout}{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(string workDir, params string[] args) => RunAsync(workDir, TimeSpan.FromSeconds(120), args);

    /// <summary>Starts a long-running verb and collects its output as it comes (for waiting on log lines).</summary>
    public sealed class Background : IDisposable
    {
        private readonly System.Text.StringBuilder _out = new(), _err = new();
        private readonly TaskCompletionSource _outDone = new(), _errDone = new();

        public Process Process { get; }

        public Background(string workDir, params string[] args) : this(StartInfo(workDir, args)) { }

        /// <summary>Any program (e.g. the published app under the image's entrypoint); its output must be redirected.</summary>
        public Background(ProcessStartInfo info)
        {
            Process = new Process { StartInfo = info };
            Process.OutputDataReceived += (_, e) => Append(_out, _outDone, e.Data);
            Process.ErrorDataReceived += (_, e) => Append(_err, _errDone, e.Data);
            Process.Start();
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        private static void Append(System.Text.StringBuilder to, TaskCompletionSource done, string? line)
        {
            if (line is null) { done.TrySetResult(); return; }
            lock (to) to.AppendLine(line);
        }

        /// <summary>Everything printed so far, stdout then stderr.</summary>
        public string Output
        {
            get
            {
                lock (_out) lock (_err) return _out.ToString() + _err.ToString();
            }
        }

        public Task<string> Stdout => _outDone.Task.ContinueWith(_ => { lock (_out) return _out.ToString(); });
        public Task<string> Stderr => _errDone.Task.ContinueWith(_ => { lock (_err) return _err.ToString(); });

        public void Dispose()
        {
            try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            Process.Dispose();
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds, or fails the test with <paramref name="what"/>.</summary>
    public static async Task Until(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
