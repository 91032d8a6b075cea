using static TorchSharp.torch;

namespace CoToSweep.Training.Data;

/// <summary>
/// A process's recently built task splits, shared by the trials that ask for the same task and sizes on the same device
/// (a long-lived trial host runs one trial after another: on the full Fashion-MNIST set, building a task's splits is
/// most of a short trial's cost). Splits are read-only to trials. Entries in use are never disposed; beyond
/// <c>capacity</c>, the least recently used idle ones are.
/// </summary>
public sealed class TaskDataCache(int capacity = 2)
{
    internal sealed class Entry(string key, TaskData data)
    {
        public string Key { get; } = key;
        public TaskData Data { get; } = data;
        public int Users { get; set; }
        public long LastUsed { get; set; }
    }

    private readonly List<Entry> _entries = [];
    private readonly Lock _gate = new();
    private long _clock;

    /// <summary>The splits, built now or shared; dispose the lease when the trial is done with them.</summary>
    public Lease Get(FashionMnist data, string task, SplitSizes sizes, Device device)
    {
        var key = $"{task}|{sizes}|{device}";
        lock (_gate)
        {
            var entry = _entries.FirstOrDefault(e => e.Key == key);
            if (entry is null)
            {
                entry = new Entry(key, TaskData.Build(data, task, sizes, device).DetachedFromScopes());
                _entries.Add(entry);
            }
            entry.Users++;
            entry.LastUsed = ++_clock;
            return new Lease(this, entry);
        }
    }

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Users--;
            foreach (var idle in _entries.Where(e => e.Users == 0).OrderBy(e => e.LastUsed).Take(Math.Max(0, _entries.Count - capacity)).ToList())
            {
                _entries.Remove(idle);
                idle.Data.Dispose();
            }
        }
    }

    /// <summary>How many task splits are held now (for tests).</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    public sealed class Lease : IDisposable
    {
        private readonly TaskDataCache _cache;
        private readonly Entry _entry;
        private bool _released;

        internal Lease(TaskDataCache cache, Entry entry)
        {
            _cache = cache;
            _entry = entry;
        }

        public TaskData Data => _entry.Data;

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            _cache.Release(_entry);
        }
    }
}
