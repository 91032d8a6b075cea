using CoToSweep.Domain.Sweeps.Kinds;

namespace CoToSweep.Training.Coto;

/// <summary>
/// CoTo's activation-probability schedule (ALGORITHMS.md §1). p rises from <see cref="PStart"/> to
/// <see cref="PEnd"/> over the first <see cref="RampFraction"/> of the steps, then stays at PEnd.
/// Defaults follow the paper: 0 → 1 over 3/4 of training, linear.
/// </summary>
public sealed record ScheduleSpec(
    string Shape = "linear",
    double PStart = 0.0,
    double PEnd = 1.0,
    double RampFraction = 0.75,
    double Sharpness = 5.0,
    int Stages = 4,
    string Order = "uniform",
    double OrderStrength = 1.0,
    string Granularity = "layer")
{
    // The lists have one source, the kind's registration in Domain (KindListTests checks Schedule implements each).
    public static IReadOnlyList<string> Shapes => CotoKind.Shapes;
    public static IReadOnlyList<string> Orders => CotoKind.Orders;
    public static IReadOnlyList<string> Granularities => CotoKind.Granularities;

    public void Validate()
    {
        if (!Shapes.Contains(Shape)) throw new ArgumentException($"unknown schedule.shape '{Shape}' (one of {string.Join(", ", Shapes)})");
        if (!Orders.Contains(Order)) throw new ArgumentException($"unknown schedule.order '{Order}' (one of {string.Join(", ", Orders)})");
        if (!Granularities.Contains(Granularity)) throw new ArgumentException($"unknown schedule.granularity '{Granularity}' (layer or module)");
        if (PStart is < 0 or > 1 || PEnd is < 0 or > 1) throw new ArgumentException("schedule.p_start and schedule.p_end must be in [0, 1]");
        if (RampFraction is < 0 or > 1) throw new ArgumentException("schedule.ramp_fraction must be in [0, 1]");
        if (Sharpness == 0) throw new ArgumentException("schedule.sharpness must not be 0");
        if (Stages < 1) throw new ArgumentException("schedule.stages must be at least 1");
        if (OrderStrength < 0) throw new ArgumentException("schedule.order_strength must not be negative");
    }
}
