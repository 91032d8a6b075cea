using CoToSweep.Tests.Shared;

namespace CoToSweep.Actors.Tests.Postgres;

/// <summary>
/// The real PostgreSQL server for the tests of this collection (started by <c>.ci/postgres.sh</c> if it is down);
/// each test takes its own fresh database from <see cref="CreateDatabase"/>. No server: the tests fail, never skip.
/// </summary>
public sealed class PostgresFixture
{
    public PostgresFixture() => PostgresServer.EnsureRunning();

    internal PostgresDatabase CreateDatabase() => PostgresServer.CreateDatabase();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
