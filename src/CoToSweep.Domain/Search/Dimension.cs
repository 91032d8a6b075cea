using System.Text.Json.Serialization;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Search;

/// <summary>One axis of a search space, named by its dotted parameter name.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(FixedDimension), "fixed")]
[JsonDerivedType(typeof(ListDimension), "list")]
[JsonDerivedType(typeof(ChoiceDimension), "choice")]
[JsonDerivedType(typeof(UniformDimension), "uniform")]
[JsonDerivedType(typeof(LogUniformDimension), "loguniform")]
[JsonDerivedType(typeof(IntDimension), "int")]
public abstract record Dimension(string Name)
{
    /// <summary>A conditional parameter: it exists only when another parameter has one of the given values.</summary>
    [JsonPropertyName("when")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Condition? When { get; init; }

    /// <summary>The values a condition can name (lists, choices, fixed values); null for continuous distributions.</summary>
    public virtual IReadOnlyList<ParamValue>? Choices => GridValues;

    /// <summary>Grid search enumerates these; null for continuous distributions.</summary>
    public virtual IReadOnlyList<ParamValue>? GridValues => null;

    /// <summary>One draw; <paramref name="u"/> is uniform on [0, 1).</summary>
    public abstract ParamValue Sample(double u);
}

/// <summary>A single value every trial gets.</summary>
public sealed record FixedDimension(string Name, ParamValue Value) : Dimension(Name)
{
    public override IReadOnlyList<ParamValue> GridValues => [Value];
    public override ParamValue Sample(double u) => Value;
}

/// <summary>A YAML list: every value on a grid, one at random otherwise.</summary>
public sealed record ListDimension(string Name, IReadOnlyList<ParamValue> Values) : Dimension(Name)
{
    public override IReadOnlyList<ParamValue> GridValues => Values;
    public override ParamValue Sample(double u) => Values[Math.Min(Values.Count - 1, (int)(u * Values.Count))];
}

/// <summary><c>{choice: […]}</c>: a categorical distribution (random search only).</summary>
public sealed record ChoiceDimension(string Name, IReadOnlyList<ParamValue> Values) : Dimension(Name)
{
    public override IReadOnlyList<ParamValue> Choices => Values;
    public override ParamValue Sample(double u) => Values[Math.Min(Values.Count - 1, (int)(u * Values.Count))];
}

public sealed record UniformDimension(string Name, double Low, double High) : Dimension(Name)
{
    public override ParamValue Sample(double u) => ParamValue.Of(Low + (High - Low) * u);
}

public sealed record LogUniformDimension(string Name, double Low, double High) : Dimension(Name)
{
    public override ParamValue Sample(double u) =>
        ParamValue.Of(Math.Exp(Math.Log(Low) + (Math.Log(High) - Math.Log(Low)) * u));
}

/// <summary>Integers from Low to High inclusive, uniformly.</summary>
public sealed record IntDimension(string Name, long Low, long High) : Dimension(Name)
{
    public override ParamValue Sample(double u)
    {
        // In 128 bits: High - Low + 1 overflows a long for wide ranges (e.g. [0, long.MaxValue]).
        var offset = (Int128)Math.Floor(u * (double)((Int128)High - Low + 1));
        return ParamValue.Of((long)Int128.Min(High, Low + offset));
    }
}
