namespace CoToSweep.Domain.Boards;

/// <summary>Renders a board in one of the <c>--format</c>s. The text always ends with a line break.</summary>
public static class BoardRenderer
{
    public static string Render(Board board, BoardFormat format) => format switch
    {
        BoardFormat.Table => TableRenderer.Render(board),
        BoardFormat.Csv => CsvRenderer.Render(board),
        BoardFormat.Json => JsonRenderer.Render(board),
        BoardFormat.Md => MarkdownRenderer.Render(board),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no such board format"),
    };
}
