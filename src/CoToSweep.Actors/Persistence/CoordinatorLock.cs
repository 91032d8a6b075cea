using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace CoToSweep.Actors.Persistence;

/// <summary>What a running coordinator writes into <c>&lt;state&gt;/coordinator.lock</c>; <c>Stalls</c>: its sweeps whose journal it cannot write now.</summary>
public sealed record LockHolder(int Pid, string Host, DateTimeOffset Started, IReadOnlyList<string> Sweeps, IReadOnlyList<SweepStall>? Stalls = null)
{
    public SweepStall? StallOf(string sweepId) => Stalls?.FirstOrDefault(s => s.Sweep == sweepId);
}

/// <summary>A sweep whose journal writes have failed since <c>Since</c> (<c>Failures</c> attempts so far), and why.</summary>
public sealed record SweepStall(string Sweep, string Reason, DateTimeOffset Since, int Failures);

/// <summary>
/// <c>&lt;state&gt;/coordinator.lock</c>: held with an exclusive flock for the life of a coordinator. The kernel
/// drops the lock when the process dies (kill -9 included), so a stale file never blocks a resume, and
/// <c>status</c> can tell a live coordinator from a dead one without trusting pids. The file is written once at its
/// full size (<see cref="Reserve"/> bytes, padded with spaces) and later rewritten in place, so that recording a stall
/// needs no new disk space: a stall is most often a full disk.
/// </summary>
public sealed partial class CoordinatorLock : IDisposable
{
    private const int LockShared = 1, LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(SafeFileHandle fd, int operation);

    private const int Reserve = 8192;

    private readonly FileStream _file;
    private readonly LockHolder _holder;
    private readonly Lock _gate = new();

    private CoordinatorLock(FileStream file, LockHolder holder)
    {
        _file = file;
        _holder = holder;
    }

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
        Write(file, holder);
        return new CoordinatorLock(file, holder);
    }

    /// <summary>Records the sweeps stalled now (an empty list clears them). Never throws: a stall must not end the coordinator.</summary>
    public void RecordStalls(IReadOnlyList<SweepStall> stalls)
    {
        lock (_gate)
        {
            // The most recent stalls first; whatever does not fit the reserved size is left out.
            var kept = stalls.OrderByDescending(s => s.Since).ToList();
            while (kept.Count > 0 && JsonSerializer.SerializeToUtf8Bytes(_holder with { Stalls = kept }, JsonOptions).Length > Reserve) kept.RemoveAt(kept.Count - 1);
            try { Write(_file, _holder with { Stalls = kept.Count == 0 ? null : kept }); }
            catch (IOException) { }
        }
    }

    private static void Write(FileStream file, LockHolder holder)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(holder, JsonOptions);
        var padded = new byte[Math.Max(Reserve, bytes.Length)];
        Array.Fill(padded, (byte)' ');
        bytes.CopyTo(padded, 0);
        file.Position = 0;
        file.Write(padded);
        file.Flush(flushToDisk: true);
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
