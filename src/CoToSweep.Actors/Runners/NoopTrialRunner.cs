using CoToSweep.Domain.Search;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Runners;

/// <summary>
/// The <c>noop</c> kind: an in-process trial that does no work, for benchmarks (thousands of trials per second
/// through the coordinator) and tests of the sweep machinery. It succeeds with <c>score</c>, a deterministic value
/// in [0, 1) hashed from the trial id, seed and parameters, and <c>step</c> = 1. Optional parameters:
/// <c>sleep_ms</c> (wait that long, cancellably, to within a tenth of a millisecond: <see cref="PreciseDelay"/>), <c>fail</c> (true: fail with "noop asked to fail", a trial
/// fault) and <c>score</c> (a number: reported instead of the hash). No progress reports: the outcome carries
/// the metrics.
/// </summary>
public sealed class NoopTrialRunner : ITrialRunner
{
    public string Kind => TrialKinds.Noop.Name;

    public Task<TrialOutcome> RunAsync(TrialAssignment assignment, ITrialProgress progress, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<TrialOutcome>(cancellationToken);
        var p = assignment.Params;
        var sleep = p.TryGetValue("sleep_ms", out var s) && s.IsNumeric ? s.AsDouble() : 0;
        return sleep > 0 ? AfterDelay(assignment, sleep, cancellationToken) : Task.FromResult(Outcome(assignment));
    }

    private static async Task<TrialOutcome> AfterDelay(TrialAssignment assignment, double ms, CancellationToken cancellationToken)
    {
        await PreciseDelay.Wait(TimeSpan.FromMilliseconds(ms), cancellationToken).ConfigureAwait(false);
        return Outcome(assignment);
    }

    private static TrialOutcome Outcome(TrialAssignment a)
    {
        if (a.Params.TryGetValue("fail", out var fail) && IsTrue(fail)) return TrialOutcome.Failure("noop asked to fail");
        var score = a.Params.TryGetValue("score", out var given) && given.IsNumeric ? given.AsDouble() : Score(a);
        var metrics = new Dictionary<string, double>(2) { ["score"] = score, ["step"] = 1 };
        double? objective = a.Objective.Metric switch { "score" => score, "step" => 1, _ => null };
        return TrialOutcome.Success(metrics, objective);
    }

    private static bool IsTrue(ParamValue v) => v.Kind switch
    {
        ParamKind.Boolean => v.Boolean,
        ParamKind.Integer => v.Integer != 0,
        ParamKind.Number => v.Number != 0,
        _ => string.Equals(v.Text, "true", StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>Uniform on [0, 1): SplitMix64 of the trial id, the seed and the parameters (in any order).</summary>
    public static double Score(TrialAssignment a)
    {
        var h = SplitMix64.Mix(Fnv(a.TrialId), unchecked((ulong)a.Seed));
        ulong parameters = 0;
        foreach (var (name, value) in a.Params) parameters += SplitMix64.Mix(Fnv(name), Hash(value));
        h = SplitMix64.Mix(h, parameters);
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Hash(ParamValue v) => v.Kind switch
    {
        ParamKind.Integer => unchecked((ulong)v.Integer),
        ParamKind.Number => unchecked((ulong)BitConverter.DoubleToInt64Bits(v.Number)),
        ParamKind.Boolean => v.Boolean ? 1UL : 0UL,
        _ => Fnv(v.Text ?? ""),
    } ^ ((ulong)v.Kind << 60);

    private static ulong Fnv(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s) h = (h ^ c) * 1099511628211UL;
        return h;
    }
}
