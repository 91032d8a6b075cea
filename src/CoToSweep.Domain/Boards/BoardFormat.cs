namespace CoToSweep.Domain.Boards;

/// <summary>The <c>--format</c> of <c>leaderboard</c>.</summary>
public enum BoardFormat { Table, Csv, Json, Md }

public static class BoardFormats
{
    public static IReadOnlyList<string> Names { get; } = ["table", "csv", "json", "md"];

    /// <summary>Reads a <c>--format</c> value (exactly as the CLI spells it, lower case).</summary>
    public static bool TryParse(string? text, out BoardFormat format)
    {
        format = text switch
        {
            "table" => BoardFormat.Table,
            "csv" => BoardFormat.Csv,
            "json" => BoardFormat.Json,
            "md" => BoardFormat.Md,
            _ => (BoardFormat)(-1),
        };
        return format >= 0;
    }
}
