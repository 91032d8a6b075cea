using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Live;

/// <summary>Shows a running sweep: a live terminal view, or plain log lines when output is not a terminal.</summary>
public interface IProgressView
{
    /// <summary>Runs <paramref name="run"/>, which calls the update callback with each new state.</summary>
    Task<T> ShowAsync<T>(string sweepId, Func<Action<SweepState>, Task<T>> run);
}
