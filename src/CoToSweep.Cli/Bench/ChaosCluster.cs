namespace CoToSweep.Cli.Bench;

/// <summary>
/// The chaos bench's cluster: a coordinator (the seed node, on a fixed port with its state directory) and worker nodes,
/// each of which can be killed with SIGKILL (the node's own process; its trial processes die with it) and started again.
/// A restarted worker joins on a fresh port, as a new incarnation; a restarted coordinator takes its old port and state.
/// </summary>
public sealed class ChaosCluster(BenchProcesses processes, string dir, int workers, int slotsPerWorker)
{
    private BenchProcesses.Child? _coordinator;
    private readonly BenchProcesses.Child?[] _workers = new BenchProcesses.Child?[workers];
    private int _incarnation;

    public int Port { get; } = BenchProcesses.FreePort();

    public string StateDir => Path.Combine(dir, "coordinator");

    public sealed record Kills(int Workers, int Coordinator);

    public async Task StartAsync(CancellationToken token)
    {
        await StartCoordinatorAsync(token);
        for (var i = 0; i < workers; i++) StartWorker(i);
        for (var i = 0; i < workers; i++) await processes.WaitFor(_workers[i]!, "Welcome from", TimeSpan.FromSeconds(60), token);
    }

    /// <summary>
    /// Until <paramref name="duration"/> has passed or <paramref name="finished"/> holds: every 2-6 s, SIGKILL a random
    /// node (the coordinator one time in four) and start it again 0.5-2 s later.
    /// </summary>
    public async Task<Kills> KillAndRestartAsync(TimeSpan duration, Random random, Func<bool> finished, CancellationToken token)
    {
        var end = DateTimeOffset.UtcNow + duration;
        int workerKills = 0, coordinatorKills = 0;
        while (DateTimeOffset.UtcNow < end && !finished())
        {
            await Task.Delay(TimeSpan.FromSeconds(2 + 4 * random.NextDouble()), token);
            if (finished()) break;
            var pause = TimeSpan.FromSeconds(0.5 + 1.5 * random.NextDouble());
            if (random.Next(4) == 0)
            {
                await KillAsync(_coordinator!);
                coordinatorKills++;
                await Task.Delay(pause, token);
                await StartCoordinatorAsync(token);
            }
            else
            {
                var i = random.Next(workers);
                await KillAsync(_workers[i]!);
                workerKills++;
                await Task.Delay(pause, token);
                StartWorker(i);
            }
        }
        return new Kills(workerKills, coordinatorKills);
    }

    private static async Task KillAsync(BenchProcesses.Child node)
    {
        node.KillNodeOnly();
        await node.Process.WaitForExitAsync();
    }

    private async Task StartCoordinatorAsync(CancellationToken token)
    {
        _coordinator = processes.Start($"coordinator-{++_incarnation}", "coordinator", "--host", "127.0.0.1", "--port", Port.ToString(),
            "--state", StateDir);
        await processes.WaitFor(_coordinator, "Coordinator up with", TimeSpan.FromSeconds(60), token);
    }

    private void StartWorker(int i) =>
        _workers[i] = processes.Start($"worker{i}-{++_incarnation}", "worker", "--join", $"127.0.0.1:{Port}", "--host", "127.0.0.1",
            "--port", BenchProcesses.FreePort().ToString(), "--cpu-slots", slotsPerWorker.ToString(),
            "--state", Path.Combine(dir, $"worker{i}"), "--artifacts", Path.Combine(dir, "artifacts"));
}
