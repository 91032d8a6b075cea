using System.Text.RegularExpressions;
using ScottPlot;

namespace CoToSweep.Cli.Report;

/// <summary>How every report plot is sized, coloured and saved: one PNG size, one palette, file names safe on any disk.</summary>
internal static partial class PlotFile
{
    public const int Width = 900, Height = 540;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static Color ColorOf(int index) => Palette.GetColor(index);

    /// <summary>A plot with the report's title and axis labels.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Saves the plot as <paramref name="name"/> in <paramref name="dir"/> (overwriting) and returns the name.</summary>
    public static string Save(Plot plot, string dir, string name)
    {
        plot.SavePng(Path.Combine(dir, name), Width, Height);
        return name;
    }

    /// <summary>A file-name part made of letters, digits, <c>.</c>, <c>_</c> and <c>-</c> only (others become <c>_</c>).</summary>
    public static string Safe(string text) => Unsafe().Replace(text, "_");

    /// <summary>Category labels on the bottom axis at 0, 1, 2, ….</summary>
    public static void Categories(Plot plot, IReadOnlyList<string> labels, IReadOnlyList<double>? positions = null)
    {
        var at = positions?.ToArray() ?? Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(at, labels.ToArray());
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex Unsafe();
}
