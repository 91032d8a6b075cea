using CoToSweep.Actors.Persistence;

namespace CoToSweep.Actors.Tests.Persistence;

public sealed class CoordinatorLockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lock-");

    [Fact]
    public void Only_one_holder_at_a_time_and_status_sees_it()
    {
        Assert.Null(CoordinatorLock.LiveHolder(_dir.FullName));
        using (var first = CoordinatorLock.TryAcquire(_dir.FullName, ["a-1"], out _))
        {
            Assert.NotNull(first);
            var live = CoordinatorLock.LiveHolder(_dir.FullName);
            Assert.NotNull(live);
            Assert.Equal(Environment.ProcessId, live.Pid);
            Assert.Equal(["a-1"], live.Sweeps);

            Assert.Null(CoordinatorLock.TryAcquire(_dir.FullName, ["b-2"], out var holder));
            Assert.Equal(["a-1"], holder!.Sweeps);
        }
        // Released (a dead process releases it the same way: the kernel drops flocks): the file stays, stale.
        Assert.True(File.Exists(StateDirectory.LockPath(_dir.FullName)));
        Assert.Null(CoordinatorLock.LiveHolder(_dir.FullName));
        using var again = CoordinatorLock.TryAcquire(_dir.FullName, ["b-2"], out _);
        Assert.NotNull(again);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
