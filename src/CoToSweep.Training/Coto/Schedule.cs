namespace CoToSweep.Training.Coto;

/// <summary>The schedule shapes of ALGORITHMS.md §1, as functions of the step t of T.</summary>
public static class Schedule
{
    /// <summary>p(t) for step t (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double P(ScheduleSpec s, long step, long totalSteps)
    {
        if (s.Shape == "constant") return s.PEnd;
        var ramp = s.RampFraction * totalSteps;
        // A zero-length ramp is already at its end.
        var u = ramp <= 0 ? 1.0 : Math.Min(1.0, step / ramp);
        var (p0, p1) = (s.PStart, s.PEnd);
        var shape = s.Shape switch
        {
            "linear" => u,
            "cosine" => (1 - Math.Cos(Math.PI * u)) / 2,
            "sine" => Math.Sin(Math.PI * u / 2),
            "exponential" => (Math.Exp(s.Sharpness * u) - 1) / (Math.Exp(s.Sharpness) - 1),
            "step" => Math.Floor(u * s.Stages) / s.Stages,
            _ => throw new ArgumentException($"unknown schedule.shape '{s.Shape}'"),
        };
        return Math.Clamp(p0 + (p1 - p0) * shape, 0.0, 1.0);
    }

    /// <summary>
    /// Per-group probability under an order. <c>high-first</c>: upper layers are dropped more (activate later),
    /// p^(1 + s·l/(L−1)); <c>low-first</c> mirrors it; <c>uniform</c> gives every group p. All reach 1 together.
    /// </summary>
    public static double ForLayer(ScheduleSpec s, double p, int layer, int layers)
    {
        if (s.Order == "uniform" || layers <= 1) return p;
        var rank = s.Order switch
        {
            "high-first" => layer,
            "low-first" => layers - 1 - layer,
            _ => throw new ArgumentException($"unknown schedule.order '{s.Order}'"),
        };
        return Math.Pow(p, 1 + s.OrderStrength * rank / (layers - 1));
    }
}
