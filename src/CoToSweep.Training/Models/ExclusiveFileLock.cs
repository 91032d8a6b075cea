using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CoToSweep.Training.Models;

/// <summary>
/// An exclusive advisory lock (flock) on a file, shared by every process on the machine. Taken explicitly because the
/// project turns .NET's implicit FileShare locking off (see Directory.Build.props); the kernel drops it when the
/// holder dies, so a killed pretraining never blocks the next one.
/// </summary>
public sealed partial class ExclusiveFileLock : IDisposable
{
    private const int LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(SafeFileHandle fd, int operation);

    private readonly FileStream _file;

    private ExclusiveFileLock(FileStream file) => _file = file;

    /// <summary>Waits (polling, cancellable) until this process holds the lock.</summary>
    public static ExclusiveFileLock Acquire(string path, CancellationToken ct)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            while (flock(file.SafeFileHandle, LockExclusive | LockNonBlocking) != 0) Task.Delay(200, ct).Wait(ct);
            return new ExclusiveFileLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        flock(_file.SafeFileHandle, LockUnlock);
        _file.Dispose();
    }
}
