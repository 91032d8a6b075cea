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

    /// <summary>Starts a long-running verb and keeps its output for later inspection.</summary>
    public sealed class Background : IDisposable
    {
        public Process Process { get; }
        public Task<string> Stdout { get; }
        public Task<string> Stderr { get; }

        public Background(string workDir, params string[] args)
        {
            Process = Process.Start(StartInfo(workDir, args))!;
            Stdout = Process.StandardOutput.ReadToEndAsync();
            Stderr = Process.StandardError.ReadToEndAsync();
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
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
