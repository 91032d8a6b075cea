using System.Text.RegularExpressions;

namespace CoToSweep.Domain.Sweeps;

/// <summary>
/// The <c>{param}</c> placeholders of a command argument: a name in braces (letters, digits, '_', '.', '-').
/// Other braces are literal, so JSON in a shell snippet needs no escaping; <c>{{name}}</c> stays literal <c>{name}</c>,
/// and so does <c>${name}</c> (a shell variable).
/// Besides parameters, <c>{trial_id}</c>, <c>{seed}</c>, <c>{attempt}</c> and <c>{artifacts}</c> are always known.
/// </summary>
public static partial class CommandTemplate
{
    public static readonly IReadOnlySet<string> BuiltIns = new HashSet<string> { "trial_id", "seed", "attempt", "artifacts" };

    // ${NAME} is the shell's, not ours: a '$' before the brace keeps it literal.
    [GeneratedRegex(@"\{\{([A-Za-z_][A-Za-z0-9_.\-]*)\}\}|(?<!\$)\{([A-Za-z_][A-Za-z0-9_.\-]*)\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> Placeholders(string arg) =>
        Placeholder().Matches(arg).Where(m => m.Groups[2].Success).Select(m => m.Groups[2].Value);

    public static string Render(string arg, Func<string, string?> lookup) =>
        Placeholder().Replace(arg, m => m.Groups[1].Success
            ? "{" + m.Groups[1].Value + "}"
            : lookup(m.Groups[2].Value) ?? throw new KeyNotFoundException($"unknown placeholder '{{{m.Groups[2].Value}}}'"));
}
