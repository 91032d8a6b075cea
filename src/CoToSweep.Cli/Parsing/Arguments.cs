using System.Globalization;
using System.Reflection;
using Spectre.Console.Cli;

namespace CoToSweep.Cli.Parsing;

/// <summary>
/// Strict parsing, before Spectre binds anything: an unknown verb or flag, a flag without its value, a number that is
/// not one, a missing or extra argument is a <see cref="UserError"/> naming the problem (with "did you mean" when a
/// close name exists) followed by the verb's usage. Exit 2 and nothing written, since no verb has run yet.
/// </summary>
public static class Arguments
{
    private static readonly string[] HelpFlags = ["-h", "--help", "-?"];
    private static readonly string[] VersionFlags = ["-v", "--version"];

    public static void Check(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || HelpFlags.Contains(args[0]) || VersionFlags.Contains(args[0])) return;
        var top = Verbs.All.Where(v => !v.Hidden).Select(v => v.Branch ?? v.Name).Distinct().ToList();
        if (args[0].StartsWith('-'))
            throw new UserError($"cotosweep: unknown option '{args[0]}'{Suggest.DidYouMean(args[0], ["--help", "--version"])}; verbs: {string.Join(", ", top)}");
        int start;
        Verb? verb;
        if (args[0] == Verbs.BenchBranch)
        {
            var bench = Verbs.All.Where(v => v.Branch == Verbs.BenchBranch).ToList();
            if (args.Count == 1 || HelpFlags.Contains(args[1])) return;
            verb = Verbs.Find($"{Verbs.BenchBranch} {args[1]}")
                   ?? throw new UserError($"cotosweep bench: unknown benchmark '{args[1]}'{Suggest.DidYouMean(args[1], bench.Select(v => v.Leaf))}; " +
                                          $"benchmarks: {string.Join(", ", bench.Select(v => v.Leaf))}");
            start = 2;
        }
        else
        {
            verb = Verbs.Find(args[0])
                   ?? throw new UserError($"cotosweep: unknown verb '{args[0]}'{Suggest.DidYouMean(args[0], top)}; verbs: {string.Join(", ", top)} (cotosweep --help)");
            start = 1;
        }
        var problem = Problem(verb, args.Skip(start).ToList());
        if (problem is not null) throw new UserError($"cotosweep {verb.Name}: {problem}\n{Usage(verb)}");
    }

    /// <summary>The first problem of a verb's arguments, or null (also for --help, which Spectre answers).</summary>
    private static string? Problem(Verb verb, List<string> args)
    {
        var options = Options(verb.Settings);
        var positional = Positionals(verb.Settings);
        var given = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (HelpFlags.Contains(token)) return null;
            if (token == "--") { given += args.Count - i - 1; break; }
            if (!token.StartsWith('-') || token.Length == 1 || IsNumber(token))
            {
                if (given >= positional.Count) return $"unexpected argument '{token}'";
                given++;
                continue;
            }
            var eq = token.IndexOf('=');
            var name = eq > 0 ? token[..eq] : token;
            var option = options.FirstOrDefault(o => o.Names.Contains(name));
            if (option is null)
                return $"unknown option '{name}'{Suggest.DidYouMean(name, options.Where(o => !o.Hidden).SelectMany(o => o.Names.Where(n => n.StartsWith("--"))))}";
            if (option.Value is null)
            {
                if (eq > 0 && !bool.TryParse(token[(eq + 1)..], out _)) return $"{name} is a flag and takes no value";
                continue;
            }
            string value;
            if (eq > 0) value = token[(eq + 1)..];
            else if (i + 1 < args.Count && !IsOption(args[i + 1], options)) value = args[++i];
            else if (option.ValueIsOptional) continue;
            else return $"{name} needs a value ({option.Value})";
            if (Invalid(option.Type, value) is { } what) return $"{name}: '{value}' is not {what}";
        }
        var missing = positional.Skip(given).FirstOrDefault(p => p.Required);
        return missing is null ? null : $"missing {missing.Name}";
    }

    private static bool IsOption(string token, IReadOnlyList<OptionInfo> options) =>
        token.StartsWith("--") || (token.StartsWith('-') && !IsNumber(token)) || options.Any(o => o.Names.Contains(token));

    private static bool IsNumber(string token) => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>What a value should have been, when it cannot be converted to the option's type.</summary>
    private static string? Invalid(Type type, string value)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(int) || t == typeof(long))
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && (t == typeof(long) || l is >= int.MinValue and <= int.MaxValue)
                ? null : "a whole number";
        if (t == typeof(double) || t == typeof(float))
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "a number";
        if (t == typeof(bool)) return bool.TryParse(value, out _) ? null : "true or false";
        if (t.IsEnum) return Enum.TryParse(t, value, ignoreCase: true, out _) ? null : $"one of {string.Join(", ", Enum.GetNames(t)).ToLowerInvariant()}";
        return null;
    }

    /// <summary>One line: the verb's arguments and options as the settings declare them (so usage and --help agree).</summary>
    public static string Usage(Verb verb)
    {
        var parts = new List<string> { $"usage: cotosweep {verb.Name}" };
        parts.AddRange(Positionals(verb.Settings).Select(p => p.Required ? p.Name : $"[{p.Name}]"));
        parts.AddRange(Options(verb.Settings).Where(o => !o.Hidden && o.Names[0] != "--debug" && o.Names[0] != "--verbose")
            .Select(o => o.Value is null ? $"[{o.Names[0]}]" : $"[{o.Names[0]} {o.Value}]"));
        return string.Join(' ', parts) + $"  (cotosweep {verb.Name} --help)";
    }

    public sealed record OptionInfo(IReadOnlyList<string> Names, string? Value, bool ValueIsOptional, Type Type, bool Hidden);

    public sealed record PositionalInfo(int Position, string Name, bool Required);

    public static IReadOnlyList<OptionInfo> Options(Type settings) =>
        Properties(settings).Select(p => (p, a: p.GetCustomAttribute<CommandOptionAttribute>())).Where(x => x.a is not null)
            .Select(x => new OptionInfo(
                x.a!.LongNames.Select(n => "--" + n).Concat(x.a.ShortNames.Select(n => "-" + n)).ToList(),
                x.a.ValueName, x.a.ValueIsOptional, x.p.PropertyType, x.a.IsHidden))
            .ToList();

    public static IReadOnlyList<PositionalInfo> Positionals(Type settings) =>
        Properties(settings).Select(p => p.GetCustomAttribute<CommandArgumentAttribute>()).OfType<CommandArgumentAttribute>()
            .OrderBy(a => a.Position).Select(a => new PositionalInfo(a.Position, a.ValueName, a.IsRequired)).ToList();

    /// <summary>Base class properties first, so shared options (--state, --debug) keep one place in the usage.</summary>
    private static IEnumerable<PropertyInfo> Properties(Type settings)
    {
        var chain = new List<Type>();
        for (var t = settings; t is not null && t != typeof(CommandSettings); t = t.BaseType) chain.Insert(0, t);
        var seen = new HashSet<string>();
        foreach (var t in chain)
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                if (seen.Add(p.Name)) yield return p;
    }
}
