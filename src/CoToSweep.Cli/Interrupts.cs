using System.Runtime.InteropServices;

namespace CoToSweep.Cli;

/// <summary>
/// Ctrl-C and SIGTERM cancel <see cref="Token"/>; a second signal ends the process at once. What the cancellation
/// means is the verb's: an embedded run stops its trials, keeps everything journaled and exits 130 (interrupted,
/// resumable); a cluster node (coordinator, worker) hands its work back, leaves the cluster and, on SIGTERM (how
/// container runtimes and Kubernetes stop it), exits 0: that is its ordinary way to stop.
/// </summary>
public static class Interrupts
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _signal;

    public static CancellationToken Token => Source.Token;

    /// <summary>The first signal received, if any.</summary>
    public static PosixSignal? Signal => _signal == 0 ? null : (PosixSignal)_signal;

    /// <summary>A cluster node's exit code after <see cref="Token"/> was cancelled: 0 for SIGTERM, 130 for Ctrl-C.</summary>
    public static int NodeExitCode => Signal == PosixSignal.SIGTERM ? ExitCodes.Done : ExitCodes.Interrupted;

    public static void Install()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            Registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (Source.IsCancellationRequested) return;
                context.Cancel = true;
                Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0);
                Source.Cancel();
            }));
    }
}
