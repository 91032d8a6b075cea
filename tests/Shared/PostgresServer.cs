using System.Diagnostics;
using Npgsql;

namespace CoToSweep.Tests.Shared;

/// <summary>
/// The real PostgreSQL the tests use (Debian's <c>postgresql</c>, role <c>cotosweep</c> on 127.0.0.1:5432, set up by
/// <c>.ci/postgres.sh</c>). When the server is unreachable, the script is run once (it installs and starts it as root);
/// if that does not help, every PostgreSQL test fails with one clear message: never skipped (CI=true or not).
/// Linked into each test project that needs it (<c>&lt;Compile Include="..\Shared\PostgresServer.cs" /&gt;</c>).
/// </summary>
internal static class PostgresServer
{
    public const string Host = "127.0.0.1";
    public const int Port = 5432;
    public const string Role = "cotosweep";

    private static readonly Lazy<string?> Problem = new(StartIfNeeded, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host, Port = Port, Username = Role, Password = Role, Database = database, Timeout = 5,
    }.ConnectionString;

    /// <summary>Throws (failing the test) unless the server answers; runs <c>.ci/postgres.sh</c> once if it does not.</summary>
    public static void EnsureRunning()
    {
        if (Problem.Value is { } problem)
            throw new InvalidOperationException(
                $"PostgreSQL is required for these tests{(IsCi ? " (CI=true)" : "")} and is not usable at {Host}:{Port} as '{Role}': {problem}. " +
                "Run .ci/postgres.sh as root (installs Debian's postgresql, starts it with pg_ctlcluster, creates the role).");
    }

    /// <summary>A new, empty database <c>cotosweep_test_&lt;guid&gt;</c>, dropped when disposed.</summary>
    public static PostgresDatabase CreateDatabase()
    {
        EnsureRunning();
        var name = $"cotosweep_test_{Guid.NewGuid():N}";
        Admin($"CREATE DATABASE {name}");
        return new PostgresDatabase(name, ConnectionString(name));
    }

    internal static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Reachable()
    {
        try
        {
            using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return e.Message.Split('\n')[0].Trim();
        }
    }

    private static string? StartIfNeeded()
    {
        if (Reachable() is null) return null;
        var script = RepoRoot() is { } root ? Path.Combine(root, ".ci", "postgres.sh") : null;
        if (script is null || !File.Exists(script)) return $"{Reachable()} (and .ci/postgres.sh was not found above {AppContext.BaseDirectory})";
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return ".ci/postgres.sh did not finish within 5 minutes";
        }
        if (process.ExitCode != 0)
            return $".ci/postgres.sh exited with {process.ExitCode}: {LastLine(stderr.Result) ?? LastLine(stdout.Result)}";
        return Reachable();
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    private static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CoToSweep.sln"))) return dir.FullName;
        return null;
    }
}

/// <summary>One test's own database; <see cref="Dispose"/> drops it (closing any connection still open to it).</summary>
internal sealed class PostgresDatabase(string name, string connectionString) : IDisposable
{
    public string Name { get; } = name;
    public string ConnectionString { get; } = connectionString;

    public void Dispose()
    {
        using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        PostgresServer.Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}
