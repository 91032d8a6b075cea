namespace CoToSweep.Training.Coto;

/// <summary>One point of a learning curve: p(t) at that step, mean training loss since the last point, validation.</summary>
public sealed record CurvePoint(long Step, double P, double ActiveFraction, double TrainLoss, double ValAcc, double ValLoss);

/// <summary>A finished (or NaN-stopped) CoTo trial.</summary>
public sealed record CotoResult(
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<CurvePoint> Curve,
    long? NanAtStep)
{
    public bool Failed => NanAtStep is not null;
}
