using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// <c>cancel</c> and <c>delete</c> on the built CLI: a run in another process is cancelled through its state dir (its
/// trials' processes die), an interrupted sweep is cancelled from the CLI itself, a cluster's through its coordinator
/// node; a cancelled sweep stays cancelled; delete refuses a running sweep and removes journal rows and artifacts.
/// Trials record their shell's pid in <c>pids</c> and wait for their gate file.
/// </summary>
[Collection(nameof(CliProcesses))]
public sealed class CancelDeleteTests() : ClusterProcessTest("e2e-cancel-")
{
    private string State => PathOf("state");

    private void WriteSweep(string name) => File.WriteAllText(PathOf("sweep.yaml"), GatedSweep(name, record: "echo $$ >> pids"));

    private List<int> Pids() => File.Exists(PathOf("pids")) ? File.ReadAllLines(PathOf("pids")).Select(int.Parse).ToList() : [];

    /// <summary>A process that exists and is not a zombie.</summary>
    private static bool Alive(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0] != 'Z'; }
        catch (IOException) { return false; }
    }

    private async Task<List<JsonElement>> StatusJson(params string[] where)
    {
        var r = await Cli.RunAsync(Dir.FullName, ["status", "--json", .. where]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonSerializer.Deserialize<List<JsonElement>>(r.Stdout)!;
    }

    /// <summary>
    /// The CLI on a pseudo-terminal (util-linux <c>script</c>), so that stdin is a terminal as when a user types, fed
    /// <paramref name="input"/>; returns the exit code and everything the terminal showed.
    /// </summary>
    private async Task<(int ExitCode, string Screen)> OnTerminal(string input, params string[] args)
    {
        var info = new ProcessStartInfo("script") { WorkingDirectory = Dir.FullName, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        var command = string.Join(' ', new[] { "dotnet", Cli.Dll }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        foreach (var a in new[] { "--quiet", "--return", "--command", command, "/dev/null" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var screen = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        await process.StandardInput.FlushAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await screen);
    }

    [Fact]
    public async Task Cancel_of_a_running_command_sweep_kills_its_trials_stays_cancelled_and_delete_then_removes_it()
    {
        WriteSweep("cancel-me");
        var run = Start("run", "sweep.yaml", "--workers", "2", "--state", State);
        await Explained(Cli.Until(() => Pids().Count == 2, "two trials to start"), run);
        var pids = Pids();
        Assert.All(pids, p => Assert.True(Alive(p)));

        var refused = await Cli.RunAsync(Dir.FullName, "delete", "cancel-me", "--yes", "--state", State);
        Assert.Equal(2, refused.ExitCode);
        Assert.Matches(@"^sweep cancel-me-\w{8} is running \(pid \d+ on .+\); cancel it first: cotosweep cancel cancel-me-\w{8}\n$", refused.Stderr);

        var cancelled = await Cli.RunAsync(Dir.FullName, "cancel", "cancel-me", "--state", State);
        Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
        Assert.Matches(@"^sweep cancel-me-\w{8} cancelled: 2 running trial\(s\) stopped by the run in pid \d+, which has ended\n$", cancelled.Stdout);
        Assert.True(run.Process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, run.Process.ExitCode);
        Assert.Contains("was cancelled: its running trials were stopped", await run.Stderr);
        // The run stopped its slots before it let go of the lock, and the slots their trials' processes.
        Assert.All(pids, p => Assert.False(Alive(p), $"trial process {p} outlived the cancellation"));

        // A later process (the run is gone) reads the journal: cancelled, nothing running; it stays so.
        var status = Assert.Single(await StatusJson("--state", State));
        Assert.Equal("cancelled", status.GetProperty("state").GetString());
        Assert.Equal((0, 4), (status.GetProperty("trials").GetProperty("running").GetInt32(), status.GetProperty("trials").GetProperty("pending").GetInt32()));
        var rerun = await Cli.RunAsync(Dir.FullName, "run", "sweep.yaml", "--state", State);
        Assert.Equal(2, rerun.ExitCode);
        Assert.Contains("was cancelled", rerun.Stderr);
        var resume = await Cli.RunAsync(Dir.FullName, "resume", "cancel-me", "--state", State);
        Assert.Equal(2, resume.ExitCode);
        var again = await Cli.RunAsync(Dir.FullName, "cancel", "cancel-me", "--state", State);
        Assert.Equal(2, again.ExitCode);
        Assert.Matches(@"^sweep cancel-me-\w{8} is already cancelled; nothing to cancel\n$", again.Stderr);
        Assert.Equal(2, Pids().Count);   // nothing ran again

        // delete: a pipe without --yes is refused; "n" on the prompt keeps everything; --yes removes rows and artifacts
        var id = status.GetProperty("id").GetString()!;
        var piped = await Cli.RunAsync(Dir.FullName, "delete", id, "--state", State);
        Assert.Equal(2, piped.ExitCode);
        Assert.Contains("pass --yes", piped.Stderr);
        var artifacts = Path.Combine(State, "artifacts", id);
        Assert.True(Directory.Exists(artifacts));
        var deleted = await Cli.RunAsync(Dir.FullName, "delete", id, "--yes", "--state", State);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.StartsWith($"sweep {id} deleted: ", deleted.Stdout);
        Assert.False(Directory.Exists(artifacts));
        Assert.Empty(await StatusJson("--state", State));
        using (var db = new SqliteConnection($"Data Source={Path.Combine(State, "journal.db")};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            using var rows = db.CreateCommand();
            rows.CommandText = "SELECT (SELECT count(*) FROM journal WHERE persistence_id = $p) + (SELECT count(*) FROM snapshot WHERE persistence_id = $p)";
            rows.Parameters.AddWithValue("$p", $"sweep-{id}");
            Assert.Equal(0L, (long)rows.ExecuteScalar()!);
        }

        // The same file now starts afresh: every trial once, as attempt 1.
        File.Delete(PathOf("pids"));
        Open(1, 2, 3, 4);
        var fresh = await Cli.RunAsync(Dir.FullName, "run", "sweep.yaml", "--workers", "2", "--state", State);
        Assert.True(fresh.ExitCode == 0, fresh.Stderr);
        Assert.Equal(4, Pids().Count);
        var done = Assert.Single(await StatusJson("--state", State));
        Assert.Equal(("completed", 4), (done.GetProperty("state").GetString(), done.GetProperty("trials").GetProperty("completed").GetInt32()));
    }

    [Fact]
    public async Task An_interrupted_sweep_is_cancelled_from_the_cli_and_delete_asks_on_a_terminal_like_stdin()
    {
        WriteSweep("cancel-idle");
        var run = Start("run", "sweep.yaml", "--workers", "2", "--state", State);
        await Explained(Cli.Until(() => Pids().Count == 2, "two trials to start"), run);
        run.Process.Kill();   // SIGKILL: interrupted, trials die with it (parent-death signal)
        await run.Process.WaitForExitAsync();
        Assert.Equal("interrupted", Assert.Single(await StatusJson("--state", State)).GetProperty("state").GetString());

        var cancelled = await Cli.RunAsync(Dir.FullName, "cancel", "cancel-idle", "--state", State);
        Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
        Assert.Matches(@"^sweep cancel-idle-\w{8} cancelled \(it was not running: nothing to stop\)\n$", cancelled.Stdout);
        Assert.Equal("", cancelled.Stderr);
        var status = Assert.Single(await StatusJson("--state", State));
        Assert.Equal(("cancelled", 0), (status.GetProperty("state").GetString(), status.GetProperty("trials").GetProperty("running").GetInt32()));

        // On a terminal delete asks: "n" keeps everything (exit 1), "y" deletes.
        var no = await OnTerminal("n\n", "delete", "cancel-idle", "--state", State);
        Assert.True(no.ExitCode == 1, no.Screen);
        Assert.Matches(@"Delete sweep cancel-idle-\w{8} \(cancelled, 4 trials, 0 completed\): its journal rows and .+\? \[y/N\]", no.Screen);
        Assert.Contains("nothing deleted", no.Screen);
        Assert.Single(await StatusJson("--state", State));
        var yes = await OnTerminal("y\n", "delete", "cancel-idle", "--state", State);
        Assert.True(yes.ExitCode == 0, yes.Screen);
        Assert.Contains("deleted: ", yes.Screen);
        Assert.Empty(await StatusJson("--state", State));
    }

    [Fact]
    public async Task A_cluster_sweep_is_cancelled_through_its_coordinator_and_its_workers_stop_their_trials()
    {
        var port = ClusterTests.FreePort();
        var coordinator = Start("coordinator", "--host", "127.0.0.1", "--port", port.ToString(), "--state", PathOf("coord"));
        await Explained(Cli.Until(() => coordinator.Output.Contains("Coordinator node listening"), "the coordinator to start"));
        var worker = Start("worker", "--join", $"127.0.0.1:{port}", "--host", "127.0.0.1", "--cpu-slots", "2", "--state", PathOf("w"),
            "--artifacts", PathOf("artifacts"));
        WriteSweep("cancel-cluster");
        var submitted = await Cli.RunAsync(Dir.FullName, "submit", "sweep.yaml", "--coordinator", $"127.0.0.1:{port}");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var id = submitted.Stdout.Trim();
        await Explained(Cli.Until(() => Pids().Count == 2, "two trials to start on the worker"));
        var pids = Pids();

        var cancelled = await Cli.RunAsync(Dir.FullName, "cancel", id, "--coordinator", $"127.0.0.1:{port}");
        Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
        Assert.Equal($"sweep {id} cancelled: 2 running trial(s) and analysis unit(s) told to stop\n", cancelled.Stdout);
        await Explained(Cli.Until(() => pids.All(p => !Alive(p)), "the worker to kill both trials", 30));
        Assert.False(worker.Process.HasExited);   // the worker stays, idle

        var status = Assert.Single(await StatusJson("--state", PathOf("coord")));
        Assert.Equal("cancelled", status.GetProperty("state").GetString());
        var again = await Cli.RunAsync(Dir.FullName, "cancel", id, "--coordinator", $"127.0.0.1:{port}");
        Assert.Equal((2, $"sweep {id} is already cancelled; nothing to cancel\n"), (again.ExitCode, again.Stderr));
        var unknown = await Cli.RunAsync(Dir.FullName, "cancel", "no-such-00000000", "--coordinator", $"127.0.0.1:{port}");
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("no sweep 'no-such-00000000' at the coordinator", unknown.Stderr);
        Assert.Equal(2, Pids().Count);   // nothing leased after the cancellation
    }
}
