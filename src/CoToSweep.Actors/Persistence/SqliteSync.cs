namespace CoToSweep.Actors.Persistence;

/// <summary>
/// How hard each SQLite commit is pushed to disk (<see cref="SqliteConnections"/> sets it on every connection). In WAL
/// mode, <c>synchronous=NORMAL</c> keeps every committed transaction through a crash or kill -9 of the process (the WAL
/// is in the OS's hands the moment the commit returns); only an OS crash or power cut can lose the last commits.
/// <c>FULL</c> fsyncs every commit and costs several times the throughput (see <c>cotosweep bench dispatch</c>).
/// </summary>
public enum SqliteSync { Normal, Full }
