using System.Collections.Immutable;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Serialization;

/// <summary>
/// The compact binary form of a <see cref="SweepState"/> in the snapshot store. <c>SweepSnapshot.v2</c> (written):
/// the spec, then the sweep's <see cref="SweepOverview"/>, then every trial, with the length of the first two parts
/// up front, so that <c>status</c> and <c>leaderboard --top N</c> read a few kilobytes of a million-trial snapshot
/// (<see cref="ReadOverview"/>) instead of decoding it all. About 90 bytes a no-op trial (names, categorical values
/// and artifact roots go through a string table written as it grows). <c>SweepSnapshot.v1</c> (read only): the spec,
/// then every trial, artifact directories whole. The spec travels as the JSON of a <c>SweepSubmitted</c> event, the
/// format the journal already keeps readable. Only a sweep without analyses is snapshotted (<see cref="CanSnapshot"/>):
/// analyses are kept in their events, and a sweep with analyses trains real models, so it never has the event count
/// where a snapshot pays off.
/// </summary>
public static class SweepSnapshotCodec
{
    public const string Manifest = "SweepSnapshot.v2";
    public const string ManifestV1 = "SweepSnapshot.v1";
    private const int MagicV1 = 0x53535443;   // "CTSS"
    private const int Magic = 0x32535443;     // "CTS2"

    /// <summary>How many bytes of a v2 payload to read first for its overview (most overviews fit; a longer one says its length).</summary>
    public const int OverviewProbeBytes = 64 * 1024;

    public static bool CanSnapshot(SweepState s) => s is { Spec: not null, SpecText: not null, CanonicalJson: not null, SubmittedAt: not null }
        && s.Analyses.IsEmpty && s.AnalysisOrder.IsEmpty;

    public static byte[] Write(SweepState s)
    {
        using var buffer = new MemoryStream(capacity: 4096 + s.Trials.Count * 96);
        Write(s, buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// The payload's length in bytes, found by encoding it into nothing: a snapshot store that streams the payload into a
    /// row made to its size (<see cref="Write(SweepState, Stream)"/>) needs no buffer of the whole payload (93 MB at a
    /// million trials, in a 152 MB array once a growing buffer has doubled: the biggest object of a million-trial run).
    /// </summary>
    public static long Length(SweepState s)
    {
        using var counter = new ByteCounter();
        Write(s, counter);
        return counter.Length;
    }

    /// <summary>
    /// Writes the payload to <paramref name="output"/> from its current position, front to back (no seeking): the spec
    /// and the overview are encoded first into a small buffer, so their length can go before them. Deterministic: the
    /// same state gives the same bytes, so <see cref="Length"/> tells how many this writes.
    /// </summary>
    public static void Write(SweepState s, Stream output)
    {
        if (!CanSnapshot(s)) throw new ArgumentException($"sweep {s.Id} cannot be snapshotted (not submitted, or it has analyses)");
        using var head = new MemoryStream();
        var w = new SnapshotWriter(head, leaveOpen: true);
        w.Write(Magic);
        w.Write(0);   // the length of the spec and the overview, filled in below
        var header = SweepMessageCodec.Serialize(new SweepEvents.SweepSubmitted(s.Id, s.Spec!, s.SpecText!, s.CanonicalJson!, s.BaseDirectory, s.SubmittedAt!.Value));
        w.Write7BitEncodedInt(header.Length);
        w.Write(header);
        WriteOverview(w, SweepOverview.Of(s));
        w.Flush();
        head.Position = 4;
        w.Write(checked((int)head.Length));
        w.Flush();
        head.Position = 0;
        head.CopyTo(output);
        // BinaryWriter hands every field to its stream: buffered here, a stream such as a SQLite blob gets 64 KB writes.
        // Not disposed: that would close the caller's stream.
        var buffered = new BufferedStream(output, 64 * 1024);
        w = w.ContinuedOn(buffered);
        w.Write7BitEncodedInt(s.NextConfig);
        w.Write7BitEncodedInt(s.BackfillFrom);
        w.Write7BitEncodedInt(s.Order.Count);
        foreach (var id in s.Order) w.WriteTrial(s.Trials[id]);
        w.Write7BitEncodedInt(s.FinishedOrder.Count);
        foreach (var id in s.FinishedOrder) w.Write7BitEncodedInt(s.Trials[id].Order);
        w.Flush();
        buffered.Flush();
    }

    /// <summary>An overview on its own (<see cref="Persistence.SweepOverviewSnapshot"/>): laid out as the start of a v2 payload.</summary>
    public const string OverviewManifest = "SweepOverview.v1";

    public static byte[] WriteOverview(SweepOverview o)
    {
        if (o.Spec is null || o.SubmittedAt is null) throw new ArgumentException($"sweep {o.Id} has no overview yet (not submitted)");
        using var buffer = new MemoryStream();
        using (var w = new SnapshotWriter(buffer))
        {
            w.Write(Magic);
            w.Write(0);
            // The spec's text and canonical form are not part of an overview.
            var header = SweepMessageCodec.Serialize(new SweepEvents.SweepSubmitted(o.Id, o.Spec, "", "", null, o.SubmittedAt.Value));
            w.Write7BitEncodedInt(header.Length);
            w.Write(header);
            WriteOverview(w, o);
            w.Flush();
            var end = buffer.Position;
            buffer.Position = 4;
            w.Write(checked((int)end));
        }
        return buffer.ToArray();
    }

    /// <summary>The whole state from a payload of either version (<paramref name="manifest"/> says which).</summary>
    public static SweepState Read(byte[] bytes, string manifest = Manifest)
    {
        using var r = new SnapshotReader(new MemoryStream(bytes, writable: false));
        if (manifest == ManifestV1) return ReadV1(r);
        var (header, overview) = ReadHead(r);
        var nextConfig = r.Read7BitEncodedInt();
        var backfillFrom = r.Read7BitEncodedInt();
        var (order, trials, queue, running, ended, leaders) = ReadTrials(r, compactDirs: true, Minimizes(header));
        return State(header, overview.Phase, overview.Paused, overview.Updated, nextConfig, backfillFrom, order, trials, queue, running, ended, leaders, ReadFinished(r, order));
    }

    /// <summary>
    /// The overview from the start of a v2 payload or from an <see cref="OverviewManifest"/> one (<see cref="OverviewLength"/>
    /// bytes are enough), or null for a v1 payload (it has none: the caller loads the whole state instead).
    /// </summary>
    public static SweepOverview? ReadOverview(byte[] head, string manifest)
    {
        if (manifest == ManifestV1) return null;
        using var r = new SnapshotReader(new MemoryStream(head, writable: false));
        return ReadHead(r).Overview;
    }

    /// <summary>
    /// The sweep's submission as of the snapshot (its spec with the budget then, the file's text, where it ran from) from
    /// the start of a v2 state payload (<see cref="OverviewLength"/> bytes are enough), or null for any other payload: a
    /// v1 one has no overview, an <see cref="OverviewManifest"/> one keeps the spec without its text.
    /// </summary>
    public static (SweepEvents.SweepSubmitted Submitted, bool Paused)? ReadSubmission(byte[] head, string manifest)
    {
        if (manifest != Manifest) return null;
        using var r = new SnapshotReader(new MemoryStream(head, writable: false));
        var (header, overview) = ReadHead(r);
        return (header, overview.Paused);
    }

    /// <summary>How many bytes from the start of a v2 payload hold its spec and overview (from its first 8 bytes).</summary>
    public static int OverviewLength(byte[] head)
    {
        if (head.Length < 8 || BitConverter.ToInt32(head, 0) != Magic) throw new InvalidDataException($"not a {Manifest} payload");
        return BitConverter.ToInt32(head, 4);
    }

    private static (SweepEvents.SweepSubmitted Header, SweepOverview Overview) ReadHead(SnapshotReader r)
    {
        if (r.ReadInt32() != Magic) throw new InvalidDataException($"not a {Manifest} payload");
        r.ReadInt32();
        var header = ReadHeader(r);
        return (header, ReadOverview(r, header));
    }

    private static SweepEvents.SweepSubmitted ReadHeader(SnapshotReader r) =>
        (SweepEvents.SweepSubmitted)SweepMessageCodec.Deserialize(r.ReadBytes(r.Read7BitEncodedInt()), "SweepSubmitted.v1");

    private static void WriteOverview(SnapshotWriter w, SweepOverview o)
    {
        w.Write((byte)o.Phase);
        w.Write(o.Paused);
        w.WriteTime(o.Updated);
        w.Write7BitEncodedInt(o.Planned);
        w.Write7BitEncodedInt(o.Completed);
        w.Write7BitEncodedInt(o.Failed);
        w.Write7BitEncodedInt(o.Stopped);
        w.Write(o.FirstParams is not null);
        if (o.FirstParams is not null) w.WriteParams(o.FirstParams);
        w.Write7BitEncodedInt(o.Params.Count);
        foreach (var (name, facts) in o.Params)
        {
            w.WriteName(name);
            w.Write((byte)((facts.Varies ? 1 : 0) | (facts.Numeric ? 2 : 0)));
        }
        w.Write7BitEncodedInt(o.ClosedMetrics.Count);
        foreach (var name in o.ClosedMetrics) w.WriteName(name);
        WriteTrials(w, o.Open.Values.OrderBy(t => t.Order));
        WriteTrials(w, o.Top);
    }

    private static void WriteTrials(SnapshotWriter w, IEnumerable<TrialRecord> trials)
    {
        var list = trials.ToList();
        w.Write7BitEncodedInt(list.Count);
        foreach (var t in list)
        {
            w.Write7BitEncodedInt(t.Order);
            w.WriteTrial(t);
        }
    }

    private static SweepOverview ReadOverview(SnapshotReader r, SweepEvents.SweepSubmitted header)
    {
        var o = SweepOverview.Empty(header.SweepId) with
        {
            Spec = header.Spec, SubmittedAt = header.At, Phase = (SweepPhase)r.ReadByte(), Paused = r.ReadBoolean(), Updated = r.ReadTime(),
            Planned = r.Read7BitEncodedInt(), Completed = r.Read7BitEncodedInt(), Failed = r.Read7BitEncodedInt(), Stopped = r.Read7BitEncodedInt(),
        };
        var first = r.ReadBoolean() ? r.ReadParams() : null;
        var facts = o.Params.ToBuilder();
        for (var n = r.Read7BitEncodedInt(); n > 0; n--)
        {
            var name = r.Name();
            var bits = r.ReadByte();
            facts[name] = new ParamColumnFacts((bits & 1) != 0, (bits & 2) != 0);
        }
        var metrics = o.ClosedMetrics.ToBuilder();
        for (var n = r.Read7BitEncodedInt(); n > 0; n--) metrics.Add(r.Name());
        var open = ReadTrialList(r).ToImmutableDictionary(t => t.Id);
        return o with { FirstParams = first, Params = facts.ToImmutable(), ClosedMetrics = metrics.ToImmutable(), Open = open, Top = [.. ReadTrialList(r)] };
    }

    private static List<TrialRecord> ReadTrialList(SnapshotReader r)
    {
        var list = new List<TrialRecord>();
        for (var n = r.Read7BitEncodedInt(); n > 0; n--) list.Add(r.ReadTrial(r.Read7BitEncodedInt(), compactDirs: true));
        return list;
    }

    private static SweepState ReadV1(SnapshotReader r)
    {
        if (r.ReadInt32() != MagicV1) throw new InvalidDataException($"not a {ManifestV1} payload");
        var header = ReadHeader(r);
        var phase = (SweepPhase)r.ReadByte();
        var paused = r.ReadBoolean();
        var updated = r.ReadTime();
        var nextConfig = r.Read7BitEncodedInt();
        var backfillFrom = r.Read7BitEncodedInt();
        var (order, trials, queue, running, ended, leaders) = ReadTrials(r, compactDirs: false, Minimizes(header));
        return State(header, phase, paused, updated, nextConfig, backfillFrom, order, trials, queue, running, ended, leaders, ReadFinished(r, order));
    }

    private static (AppendList<string>, ImmutableSortedDictionary<string, TrialRecord>, ImmutableSortedSet<int>, ImmutableSortedSet<int>, EndedTrials, TrialLeaders)
        ReadTrials(SnapshotReader r, bool compactDirs, bool minimize)
    {
        var count = r.Read7BitEncodedInt();
        var order = new List<string>(count);
        var trials = SweepState.NoTrials.ToBuilder();
        var queue = ImmutableSortedSet.CreateBuilder<int>();
        var running = new List<int>();
        var ended = new EndedTrials();
        var leaders = TrialLeaders.None;
        for (var i = 0; i < count; i++)
        {
            var t = r.ReadTrial(i, compactDirs);
            order.Add(t.Id);
            trials.Add(t.Id, t);
            if (t.Status == TrialStatus.Pending) queue.Add(i);
            if (t.Status == TrialStatus.Running) running.Add(i);
            ended = ended.Add(t.Status, 1);
            leaders = leaders.With(t, minimize);
        }
        return (AppendList<string>.Empty.AddRange(order), trials.ToImmutable(), queue.ToImmutable(), [.. running], ended, leaders);
    }

    private static AppendList<string> ReadFinished(SnapshotReader r, AppendList<string> order)
    {
        var finished = new List<string>(r.Read7BitEncodedInt());
        for (var n = finished.Capacity; n > 0; n--) finished.Add(order[r.Read7BitEncodedInt()]);
        return AppendList<string>.Empty.AddRange(finished);
    }

    private static SweepState State(SweepEvents.SweepSubmitted header, SweepPhase phase, bool paused, DateTimeOffset? updated, int nextConfig, int backfillFrom,
        AppendList<string> order, ImmutableSortedDictionary<string, TrialRecord> trials, ImmutableSortedSet<int> queue, ImmutableSortedSet<int> running,
        EndedTrials ended, TrialLeaders leaders, AppendList<string> finished) =>
        new(header.SweepId, header.Spec, header.SpecText, header.CanonicalJson, header.BaseDirectory, phase, order, trials, queue, header.At, updated)
        {
            Paused = paused,
            NextConfig = nextConfig,
            BackfillFrom = backfillFrom,
            FinishedOrder = finished,
            Ended = ended,
            RunningOrders = running,
            Leaders = leaders,
        };

    private static bool Minimizes(SweepEvents.SweepSubmitted header) => header.Spec.Objective.Direction == Direction.Minimize;

    /// <summary>
    /// Every property the codec carries, by name; the snapshot tests fail when <see cref="SweepState"/> gains one that
    /// is not listed here (it would be lost on recovery from a snapshot). Derived properties are listed as such.
    /// </summary>
    public static readonly IReadOnlySet<string> CarriedProperties = new HashSet<string>
    {
        "Id", "Spec", "SpecText", "CanonicalJson", "BaseDirectory", "Phase", "Order", "Trials", "Queue",
        // Derived from the trials on decode:
        "Ended", "RunningOrders", "RunningCount", "Leaders",
        "SubmittedAt", "Updated", "Paused", "NextConfig", "BackfillFrom", "FinishedOrder",
        // Must be empty to snapshot (CanSnapshot):
        "Analyses", "AnalysisOrder",
    };
}
