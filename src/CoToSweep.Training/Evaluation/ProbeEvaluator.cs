using CoToSweep.Domain.Analyses;

namespace CoToSweep.Training.Evaluation;

/// <summary>
/// Evaluates analysis probes on saved adapters, keeping one open session per adapter file. Not thread-safe: probes
/// switch a session's shared model. Interim: mask probes only.
/// </summary>
public sealed class ProbeEvaluator(TrainingEnvironment env) : IDisposable
{
    public const string AdapterFile = "adapter.safetensors";

    private readonly Dictionary<string, AdapterSession> sessions = new();

    public static string AdapterPath(string member) => Path.Combine(member, AdapterFile);

    private AdapterSession Session(string member, CancellationToken ct)
    {
        var path = AdapterPath(member);
        if (sessions.TryGetValue(path, out var s)) return s;
        if (!File.Exists(path)) throw new FileNotFoundException($"no trained adapter at {path}");
        return sessions[path] = AdapterSession.Open(path, env, ct: ct);
    }

    /// <summary>Throws when the saved adapter's groups are not the ones the analysis was planned with.</summary>
    public void CheckGroups(string member, IReadOnlyList<string> groups, CancellationToken ct)
    {
        var session = Session(member, ct);
        if (!session.GroupNames.SequenceEqual(groups))
            throw new InvalidOperationException(
                $"{AdapterPath(member)} has adapter groups {string.Join(",", session.GroupNames)}, the analysis expects {string.Join(",", groups)}");
    }

    public EvalResult Evaluate(AdapterProbe probe, CancellationToken ct) => probe switch
    {
        MaskProbe m when m.Task is null => Session(m.Member, ct).Evaluate(m.Coalition, m.Split),
        _ => throw new NotSupportedException($"probe {probe.GetType().Name} is not supported yet"),
    };

    public void Dispose()
    {
        foreach (var s in sessions.Values) s.Dispose();
        sessions.Clear();
    }
}
