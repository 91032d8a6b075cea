using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli;

/// <summary>Reads a sweep file and turns every problem into one line on stderr and a <see cref="UserError"/>.</summary>
public static class SweepFiles
{
    public static SweepDefinition Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such sweep file");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UserError($"{path}: {e.Message}"); }
        var definition = SpecReader.Parse(text, Path.GetDirectoryName(Path.GetFullPath(path)));
        if (definition.IsValid) return definition;
        var lines = definition.Problems.Select(p => p.Format(path)).ToList();
        throw new UserError(string.Join(Environment.NewLine, lines));
    }
}
