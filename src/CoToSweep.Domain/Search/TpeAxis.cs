using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>
/// A dimension in TPE's internal scale: continuous on [Low, High] (the log of a loguniform, integers widened by 0.5 at
/// each end and rounded back), or categorical by index. Fixed values are not modelled.
/// </summary>
internal sealed record TpeAxis(Dimension Dimension, double Low, double High, int? Categories)
{
    public static TpeAxis? Of(Dimension d) => d switch
    {
        UniformDimension u => new(d, u.Low, u.High, null),
        LogUniformDimension l => new(d, Math.Log(l.Low), Math.Log(l.High), null),
        IntDimension i => new(d, i.Low - 0.5, i.High + 0.5, null),
        ListDimension { Values.Count: > 1 } or ChoiceDimension { Values.Count: > 1 } => new(d, 0, 0, d.Choices!.Count),
        _ => null,
    };

    /// <summary>A trial's value in the internal scale, or null when it has none (inactive, or outside the space).</summary>
    public double? Internal(IReadOnlyDictionary<string, ParamValue> config)
    {
        if (!config.TryGetValue(Dimension.Name, out var v)) return null;
        if (Categories is not null)
        {
            var index = Dimension.Choices!.ToList().IndexOf(v);
            return index < 0 ? null : index;
        }
        if (!v.IsNumeric) return null;
        var x = Dimension is LogUniformDimension ? Math.Log(v.AsDouble()) : v.AsDouble();
        return x >= Low && x <= High ? x : null;
    }

    public ParamValue Value(double x) => Dimension switch
    {
        UniformDimension => ParamValue.Of(x),
        LogUniformDimension l => ParamValue.Of(Math.Clamp(Math.Exp(x), l.Low, l.High)),
        IntDimension i => ParamValue.Of((long)Math.Clamp(Math.Round(x), i.Low, i.High)),
        _ => Dimension.Choices![(int)x],
    };
}
