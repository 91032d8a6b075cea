using System.Runtime.InteropServices;

namespace CoToSweep.Cli;

/// <summary>
/// Ctrl-C and SIGTERM cancel <see cref="Token"/> (the run stops its trials, keeps everything journaled and exits 130);
/// a second signal ends the process at once.
/// </summary>
public static class Interrupts
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static CancellationToken Token => Source.Token;

    public static void Install()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            Registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (Source.IsCancellationRequested) return;
                context.Cancel = true;
                Source.Cancel();
            }));
    }
}
