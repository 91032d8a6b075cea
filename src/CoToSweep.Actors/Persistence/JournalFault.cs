using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CoToSweep.Actors.Persistence;

/// <summary>A journal error in the words a user can act on: the database's own message, one line, no wrapper types.</summary>
public static partial class JournalFault
{
    public static string Describe(Exception error)
    {
        var root = Root(error);
        var message = root switch
        {
            // "SQLite Error 13: 'database or disk is full'." → database or disk is full
            SqliteException s when SqliteMessage().Match(s.Message) is { Success: true } m => m.Groups[1].Value,
            PostgresException p => $"{p.MessageText} (PostgreSQL {p.SqlState})",
            NpgsqlException n => n.InnerException is { } inner ? $"{FirstLine(n.Message)}: {FirstLine(inner.Message)}" : n.Message,
            _ => root.Message,
        };
        return FirstLine(message);
    }

    /// <summary>The innermost database or I/O error behind the plugin's and the runtime's wrappers.</summary>
    private static Exception Root(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is SqliteException or NpgsqlException or IOException) return e;
        var last = error;
        while (last.InnerException is { } inner) last = inner;
        return last;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex SqliteMessage();
}
