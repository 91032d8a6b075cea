namespace CoToSweep.Cli.Report;

/// <summary>A PNG the report wrote (a file name relative to the report's folder) and one line saying what it shows.</summary>
public sealed record ReportImage(string File, string Caption);

/// <summary>
/// One part of <c>report.md</c>: a heading, a paragraph saying what its plots show (or why there are none), the plots,
/// and optional Markdown after them (tables).
/// </summary>
public sealed record ReportSection(string Title, string Text, IReadOnlyList<ReportImage> Images, string? Body = null)
{
    public static ReportSection TextOnly(string title, string text) => new(title, text, []);
}
