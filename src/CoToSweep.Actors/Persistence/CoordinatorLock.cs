using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace CoToSweep.Actors.Persistence;

/// <summary>What a running coordinator writes into <c>&lt;state&gt;/coordinator.lock</c>.</summary>
public sealed record LockHolder(int Pid, string Host, DateTimeOffset Started, IReadOnlyList<string> Sweeps);

/// <summary>
/// <c>&lt;state&gt;/coordinator.lock</c>: held with an exclusive flock for the life of a coordinator. The kernel
/// drops the lock when the process dies (kill -9 included), so a stale file never blocks a resume, and
/// <c>status</c> can tell a live coordinator from a dead one without trusting pids.
/// </summary>
public sealed partial class CoordinatorLock : IDisposable
{
    private const int LockShared = 1, LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(SafeFileHandle fd, int operation);

    private readonly FileStream _file;

    private CoordinatorLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or returns null and the current holder when another live process has it.</summary>
    public static CoordinatorLock? TryAcquire(string stateDir, IReadOnlyList<string> sweeps, out LockHolder? holder)
    {
        var path = StateDirectory.LockPath(stateDir);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (flock(file.SafeFileHandle, LockExclusive | LockNonBlocking) != 0)
        {
            file.Dispose();
            holder = ReadHolder(path);
            return null;
        }
        holder = new LockHolder(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow, sweeps);
        file.SetLength(0);
        JsonSerializer.Serialize(file, holder, JsonOptions);
        file.Flush(flushToDisk: true);
        return new CoordinatorLock(file);
    }

    /// <summary>The live holder of the lock, or null when no coordinator is running on this state dir.</summary>
    public static LockHolder? LiveHolder(string stateDir)
    {
        var path = StateDirectory.LockPath(stateDir);
        if (!File.Exists(path)) return null;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (flock(file.SafeFileHandle, LockShared | LockNonBlocking) == 0)
        {
            flock(file.SafeFileHandle, LockUnlock);
            return null;
        }
        return ReadHolder(path);
    }

    private static LockHolder? ReadHolder(string path)
    {
        try { return JsonSerializer.Deserialize<LockHolder>(File.ReadAllText(path), JsonOptions); }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public void Dispose()
    {
        flock(_file.SafeFileHandle, LockUnlock);
        _file.Dispose();
    }
}
