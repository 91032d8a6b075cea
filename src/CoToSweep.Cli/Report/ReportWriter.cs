using System.Text;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Report;

/// <summary>What a report run wrote: <c>report.md</c> and the PNGs it links, all in one folder.</summary>
public sealed record ReportOutput(string Directory, string Markdown, IReadOnlyList<string> Images);

/// <summary>
/// Writes a sweep's report into a folder: <c>report.md</c> (summary, plots with what each shows, every board that applies)
/// and its PNG plots, under stable names, so a second run overwrites the same files.
/// </summary>
public static class ReportWriter
{
    public const string MarkdownFile = "report.md";

    public static ReportOutput Write(SweepState state, string outDir)
    {
        if (state.Spec is null) throw new ArgumentException($"sweep {state.Id} has not been submitted", nameof(state));
        Directory.CreateDirectory(outDir);
        ReportSection?[] parts =
        [
            ObjectivePlots.Write(state, outDir),
            CurvePlots.Write(state, outDir),
            SchedulePlots.Write(state, outDir),
            ImportancePlots.Write(state, outDir),
            ShapleyPlots.Write(state, outDir),
            MergePlots.Write(state, outDir),
            PrunePlots.Write(state, outDir),
            NormPlots.Write(state, outDir),
            CorruptionPlots.Write(state, outDir),
            ReportBoards.Write(state),
        ];
        var sections = parts.OfType<ReportSection>().ToList();
        var md = Markdown(state, sections);
        var path = Path.Combine(outDir, MarkdownFile);
        File.WriteAllText(path, md);
        return new ReportOutput(outDir, path, sections.SelectMany(s => s.Images).Select(i => i.File).ToList());
    }

    private static string Markdown(SweepState state, IReadOnlyList<ReportSection> sections)
    {
        var spec = state.Spec!;
        var md = new StringBuilder();
        md.Append($"# Sweep report: {spec.Name}\n\n");
        md.Append($"Sweep `{state.Id}`{(spec.Description is { Length: > 0 } d ? $": {d.Trim()}" : "")}\n\n");
        foreach (var line in SpecSummary.Lines(state)) md.Append(line).Append('\n');
        md.Append("\nContents: ").Append(string.Join(" · ", sections.Select(s => $"[{s.Title}](#{Anchor(s.Title)})"))).Append("\n\n");
        md.Append("Written by `cotosweep report`; the plots are PNG files next to this one.\n");
        foreach (var s in sections)
        {
            md.Append($"\n## {s.Title}\n\n{s.Text}\n");
            foreach (var image in s.Images) md.Append($"\n![{image.Caption}]({image.File})\n\n*{image.Caption}* (`{image.File}`)\n");
            if (s.Body is { Length: > 0 } body) md.Append('\n').Append(body);
        }
        return md.ToString();
    }

    /// <summary>GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped.</summary>
    private static string Anchor(string title) =>
        new(title.ToLowerInvariant().Replace(' ', '-').Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray());
}
