using CoToSweep.Domain.Analyses;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Cli.Report;

/// <summary>The part of the report for one analysis kind: its finished analyses' plots, and a word on the others.</summary>
internal static class AnalysisSections
{
    /// <summary>
    /// Null when the sweep neither asks for the kind nor has analyses of it; otherwise the plots of every finished
    /// analysis, with the failed and unfinished ones named after <paramref name="text"/>.
    /// </summary>
    public static ReportSection? Of<TResult>(SweepState state, string kind, string title, string text,
        Func<AnalysisRecord, TResult, IEnumerable<ReportImage>> plot) where TResult : AnalysisResult
    {
        var all = state.AnalysesInOrder.Where(a => a.Kind == kind).ToList();
        if (!AnalysisKinds.Get(kind).IsWanted(state.Spec!) && all.Count == 0) return null;
        var done = all.Where(a => a.Result is TResult).ToList();
        var notes = new List<string>();
        if (all.Count(a => a.Status == AnalysisStatus.Running) is var running and > 0) notes.Add($"{running} {kind} analys{(running == 1 ? "is is" : "es are")} still running.");
        notes.AddRange(all.Where(a => a.Status == AnalysisStatus.Failed).Select(a => $"{a.Id} failed: {a.Reason}."));
        if (done.Count == 0)
            return ReportSection.TextOnly(title, string.Join(" ", notes.Prepend($"No {kind} analysis has finished yet.")));
        return new ReportSection(title, string.Join(" ", notes.Prepend(text)), done.SelectMany(a => plot(a, (TResult)a.Result!)).ToList());
    }
}
