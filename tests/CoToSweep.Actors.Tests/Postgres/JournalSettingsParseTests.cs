using CoToSweep.Actors.Persistence;
using Npgsql;

namespace CoToSweep.Actors.Tests.Postgres;

/// <summary>What a <c>--journal</c> value means. Needs no server.</summary>
public sealed class JournalSettingsParseTests
{
    [Theory]
    [InlineData("/var/lib/cotosweep/journal.db", "/var/lib/cotosweep/journal.db")]
    [InlineData("journal.db", "journal.db")]
    [InlineData("Data Source=/tmp/j.db", "/tmp/j.db")]
    [InlineData("data source=/tmp/j.db;Mode=ReadOnly", "/tmp/j.db")]
    [InlineData("DataSource=j.db", "j.db")]
    [InlineData("  /tmp/with spaces/j.db ", "/tmp/with spaces/j.db")]
    public void Paths_and_data_sources_are_sqlite(string value, string path)
    {
        var journal = JournalSettings.Parse(value);
        Assert.True(journal.IsSqlite);
        Assert.Equal(path, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(journal.ConnectionString).DataSource);
    }

    [Fact]
    public void A_host_connection_string_is_postgres()
    {
        var journal = JournalSettings.Parse("Host=db.local;Port=6543;Username=sweeps;Password=p;Database=cotosweep");
        Assert.True(journal.IsPostgres);
        Assert.Equal("PostgreSQL.15", journal.Provider);
        var b = new NpgsqlConnectionStringBuilder(journal.ConnectionString);
        Assert.Equal(("db.local", 6543, "sweeps", "p", "cotosweep"), (b.Host, b.Port, b.Username, b.Password, b.Database));
    }

    [Theory]
    [InlineData("postgres://sweeps:p%40ss%3Aword@db.local:6543/cotosweep?sslmode=disable", "db.local", 6543, "sweeps", "p@ss:word", "cotosweep")]
    [InlineData("postgresql://db.local/cotosweep", "db.local", 5432, null, null, "cotosweep")]
    [InlineData("POSTGRES://u@127.0.0.1", "127.0.0.1", 5432, "u", null, null)]
    public void A_postgres_url_becomes_key_values(string url, string host, int port, string? user, string? password, string? database)
    {
        var journal = JournalSettings.Parse(url);
        Assert.True(journal.IsPostgres);
        var b = new NpgsqlConnectionStringBuilder(journal.ConnectionString);
        Assert.Equal((host, port, user, password, database), (b.Host, b.Port, b.Username, b.Password, b.Database));
    }

    [Fact]
    public void Url_parameters_carry_over()
    {
        var b = new NpgsqlConnectionStringBuilder(JournalSettings.Parse("postgres://u:p@h/db?sslmode=require&application_name=cotosweep").ConnectionString);
        Assert.Equal(SslMode.Require, b.SslMode);
        Assert.Equal("cotosweep", b.ApplicationName);
    }

    [Theory]
    [InlineData("", "empty journal")]
    [InlineData("   ", "empty journal")]
    [InlineData("mysql://u:secret@h/db", "journal URL scheme 'mysql://' is not supported")]
    [InlineData("Host=h;Hots=x;Password=secret", "not a valid PostgreSQL connection string")]
    [InlineData("Host=h;Port=notaport;Password=secret", "not a valid PostgreSQL connection string")]
    [InlineData("Username=u;Password=secret;Database=d", "a PostgreSQL connection string needs Host=")]
    [InlineData("postgres://u:secret@h/db?nosuchparameter=1", "not a valid PostgreSQL URL: parameter 'nosuchparameter'")]
    [InlineData("postgres://u:secret@h:99999/db", "not a valid PostgreSQL URL")]
    [InlineData("Data Source=;Mode=ReadOnly", "a SQLite connection string needs a file")]
    public void Malformed_values_are_one_line_without_the_password(string value, string start)
    {
        var e = Assert.Throws<ArgumentException>(() => JournalSettings.Parse(value));
        Assert.StartsWith(start, e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.DoesNotContain("(Parameter", e.Message);
    }

    [Fact]
    public void An_unknown_key_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => JournalSettings.Parse("Host=h;Hots=x"));
        Assert.Equal("not a valid PostgreSQL connection string: unknown key 'hots'", e.Message);
    }

    [Fact]
    public void The_postgres_hocon_names_the_sql_plugin_and_the_provider()
    {
        var hocon = JournalSettings.Postgres("Host=h;Password=a\"b").ToHocon();
        Assert.Contains("provider-name = \"PostgreSQL.15\"", hocon);
        Assert.Contains("auto-initialize = true", hocon);
        Assert.Contains("a\\\"b", hocon);
    }
}
