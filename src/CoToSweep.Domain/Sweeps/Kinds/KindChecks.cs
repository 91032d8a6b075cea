using System.Globalization;

namespace CoToSweep.Domain.Sweeps.Kinds;

/// <summary>The value checks built-in kinds share: each returns one line describing the problem, or null.</summary>
public static class KindChecks
{
    public static string? OneOf(IReadOnlyDictionary<string, ParamValue> p, string name, IReadOnlyList<string> allowed)
    {
        var v = p[name].ToString();
        return allowed.Contains(v) ? null : $"{name} '{v}' is not one of {string.Join(", ", allowed)}";
    }

    /// <summary>Every parameter with a list of allowed words holds one of them (<paramref name="skip"/>: checked otherwise).</summary>
    public static string? AllOneOf(IReadOnlyDictionary<string, ParamValue> p, IReadOnlyDictionary<string, IReadOnlyList<string>> allowed, params string[] skip) =>
        allowed.Where(a => !skip.Contains(a.Key)).Select(a => OneOf(p, a.Key, a.Value)).FirstOrDefault(problem => problem is not null);

    public static string? Range(IReadOnlyDictionary<string, ParamValue> p, string name, double min, double max)
    {
        var v = p[name].AsDouble();
        return double.IsNaN(v) || v < min || v > max
            ? $"{name} = {p[name]} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]"
            : null;
    }

    public static string? Positive(IReadOnlyDictionary<string, ParamValue> p, string name)
    {
        var v = p[name].AsDouble();
        return double.IsFinite(v) && v > 0 ? null : $"{name} = {p[name]} must be a positive number";
    }

    /// <summary>Defaults overlaid with the given values (unknown names are kept for the kind's check to report).</summary>
    public static Dictionary<string, ParamValue> WithDefaults(IReadOnlyDictionary<string, ParamValue> defaults, IReadOnlyDictionary<string, ParamValue> given)
    {
        var all = new Dictionary<string, ParamValue>(defaults);
        foreach (var (k, v) in given) all[k] = v;
        return all;
    }

    public static string? Unknown(IReadOnlyDictionary<string, ParamValue> given, IReadOnlySet<string> known, string kind) =>
        given.Keys.Where(name => !known.Contains(name)).Select(name => $"unknown parameter '{name}' for kind '{kind}'").FirstOrDefault();
}
