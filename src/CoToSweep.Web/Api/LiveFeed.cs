using System.Text.Json;
using System.Threading.Channels;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Web.Api;

/// <summary>A trial's change as the live feed sends it.</summary>
public sealed record TrialChange(string Sweep, string Id, string Status, double? Objective, long? Step, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// The changes behind <c>/api/events</c>: while anyone listens, every <c>interval</c> it brings the cached sweep states
/// up to date (only events newer than the last applied are read) and sends a <c>sweep</c> event for each summary that
/// changed, a <c>trial</c> event for each trial whose status, attempt or reports changed, and (every fourth round) a
/// <c>cluster</c> event when the cluster view changed. A new listener first gets every sweep's summary and the cluster.
/// A listener that falls behind loses its oldest events (the next summary brings it up to date).
/// </summary>
public sealed class LiveFeed(SweepReads reads, SweepControl control, TimeSpan interval) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Channel<string>> _listeners = [];
    private readonly Dictionary<string, string> _sweeps = [];
    private readonly Dictionary<string, Dictionary<string, (TrialStatus, int, int, int)>> _trials = [];
    private string? _cluster;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>A new listener's channel, starting with the current summaries; give it back with <see cref="Leave"/>.</summary>
    public ChannelReader<string> Join()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            foreach (var summary in _sweeps.Values) channel.Writer.TryWrite(Frame("sweep", summary));
            if (_cluster is not null) channel.Writer.TryWrite(Frame("cluster", _cluster));
            _listeners.Add(channel);
        }
        return channel.Reader;
    }

    public void Leave(ChannelReader<string> reader)
    {
        lock (_lock) _listeners.RemoveAll(c => c.Reader == reader);
    }

    private bool Listened
    {
        get { lock (_lock) return _listeners.Count > 0; }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; !cancellationToken.IsCancellationRequested; round++)
        {
            try
            {
                // Summaries are kept current even without listeners (cheap), so that a new one starts from the present.
                Round(round % 4 == 0 && Listened ? await ClusterAsync(cancellationToken) : null);
            }
            catch (Exception e) when (e is not OperationCanceledException) { /* a journal being written or a coordinator restarting: next round */ }
            try { await Task.Delay(interval, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<string?> ClusterAsync(CancellationToken cancellationToken)
    {
        try { return JsonSerializer.Serialize(await ClusterEndpoints.ViewAsync(reads, control, cancellationToken), ApiJson.Options); }
        catch (ProblemException) { return null; }
    }

    private void Round(string? cluster)
    {
        var states = reads.States();
        var summaries = reads.Summaries(states);
        var frames = new List<string>();
        lock (_lock)
        {
            foreach (var gone in _sweeps.Keys.Except(states.Select(s => s.Id)).ToList())
            {
                _sweeps.Remove(gone);
                _trials.Remove(gone);
            }
            for (var i = 0; i < states.Count; i++)
            {
                var json = JsonSerializer.Serialize(summaries[i], ApiJson.Options);
                if (_sweeps.GetValueOrDefault(states[i].Id) != json)
                {
                    _sweeps[states[i].Id] = json;
                    frames.Add(Frame("sweep", json));
                }
                frames.AddRange(TrialFrames(states[i]));
            }
            if (cluster is not null && cluster != _cluster)
            {
                _cluster = cluster;
                frames.Add(Frame("cluster", cluster));
            }
            foreach (var listener in _listeners)
                foreach (var frame in frames) listener.Writer.TryWrite(frame);
        }
    }

    /// <summary>Trials that changed since the last round; the first round of a sweep only takes note (no flood of old trials).</summary>
    private IEnumerable<string> TrialFrames(SweepState state)
    {
        var first = !_trials.TryGetValue(state.Id, out var known);
        known ??= _trials[state.Id] = [];
        var frames = new List<string>();
        foreach (var t in state.TrialsInOrder)
        {
            var now = (t.Status, t.Attempt, t.Curve.Count, t.Metrics.Count);
            if (known.TryGetValue(t.Id, out var was) && was == now) continue;
            known[t.Id] = now;
            if (first) continue;
            var row = TrialRow.Of(t);
            frames.Add(Frame("trial", JsonSerializer.Serialize(new TrialChange(state.Id, t.Id, row.Status, row.Objective, row.Step, row.Metrics), ApiJson.Options)));
        }
        return frames;
    }

    private static string Frame(string kind, string json) => $"event: {kind}\ndata: {json}\n\n";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        lock (_lock)
            foreach (var listener in _listeners) listener.Writer.TryComplete();
    }
}
