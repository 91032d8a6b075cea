using CoToSweep.Domain.Boards;
using CoToSweep.Domain.Sweeps;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary><c>importance.png</c>: the share of the objective's variance of each parameter and pair (the importance board's top rows).</summary>
internal static class ImportancePlots
{
    private const int Bars = 12;

    public static ReportSection? Write(SweepState state, string dir)
    {
        if (state.Spec!.Search.Space.Count == 0) return null;
        var board = BoardKinds.Importance.Build(state, new BoardOptions(Bars));
        const string title = "Parameter importance";
        if (board.Rows.Count == 0) return ReportSection.TextOnly(title, board.Title + ".");
        var names = board.Rows.Select(r => (string)r[1]!).ToList();
        var shares = board.Rows.Select(r => (double)r[3]!).ToList();
        var plot = PlotFile.New(board.Title.Split(": ", 2)[^1].Split(": share")[0], "parameter (× : a pair)", "share of variance");
        plot.Add.Bars(shares.Select((v, i) => new Bar { Position = i, Value = v, FillColor = PlotFile.ColorOf(board.Rows[i][2] as string == "pair" ? 1 : 0) }).ToArray());
        PlotFile.Categories(plot, names);
        var file = PlotFile.Save(plot, dir, "importance.png");
        return new ReportSection(title,
            $"How much of {state.Spec.Objective.Metric}'s variance each searched parameter (and pair, in the second colour) explains, from a " +
            "functional ANOVA of a random forest fitted to the completed trials (the `importance` board). " + board.Title + ".",
            [new ReportImage(file, "Share of the objective's variance per parameter and pair")]);
    }
}
