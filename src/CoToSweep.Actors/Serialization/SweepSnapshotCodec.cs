using System.Collections.Immutable;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Serialization;

/// <summary>
/// The compact binary form of a <see cref="SweepState"/> in the snapshot store ("SweepSnapshot.v1"). JSON would take
/// about 250 bytes per trial; this takes about 100 for a no-op trial (names and categorical values go through a string
/// table written as it grows), so a million-trial sweep's snapshot stays near 100 MB and decodes in about a second.
/// The spec travels as the JSON of a <c>SweepSubmitted</c> event, the format the journal already keeps readable.
/// Only a sweep without analyses is snapshotted (<see cref="CanSnapshot"/>): analyses are kept in their events, and a
/// sweep with analyses trains real models, so it never has the event count where a snapshot pays off.
/// </summary>
public static class SweepSnapshotCodec
{
    public const string Manifest = "SweepSnapshot.v1";
    private const int Magic = 0x53535443;   // "CTSS"

    public static bool CanSnapshot(SweepState s) => s is { Spec: not null, SpecText: not null, CanonicalJson: not null, SubmittedAt: not null }
        && s.Analyses.IsEmpty && s.AnalysisOrder.IsEmpty;

    public static byte[] Write(SweepState s)
    {
        if (!CanSnapshot(s)) throw new ArgumentException($"sweep {s.Id} cannot be snapshotted (not submitted, or it has analyses)");
        using var buffer = new MemoryStream(capacity: 256 + s.Trials.Count * 96);
        using (var w = new Writer(buffer))
        {
            w.Write(Magic);
            var header = SweepMessageCodec.Serialize(new SweepEvents.SweepSubmitted(s.Id, s.Spec!, s.SpecText!, s.CanonicalJson!, s.BaseDirectory, s.SubmittedAt!.Value));
            w.Write7BitEncodedInt(header.Length);
            w.Write(header);
            w.Write((byte)s.Phase);
            w.Write(s.Paused);
            w.WriteTime(s.Updated);
            w.Write7BitEncodedInt(s.NextConfig);
            w.Write7BitEncodedInt(s.BackfillFrom);
            w.Write7BitEncodedInt(s.Order.Count);
            foreach (var id in s.Order) w.WriteTrial(s.Trials[id]);
            w.Write7BitEncodedInt(s.FinishedOrder.Count);
            foreach (var id in s.FinishedOrder) w.Write7BitEncodedInt(s.Trials[id].Order);
        }
        return buffer.ToArray();
    }

    public static SweepState Read(byte[] bytes)
    {
        using var r = new Reader(new MemoryStream(bytes, writable: false));
        if (r.ReadInt32() != Magic) throw new InvalidDataException($"not a {Manifest} payload");
        var header = (SweepEvents.SweepSubmitted)SweepMessageCodec.Deserialize(r.ReadBytes(r.Read7BitEncodedInt()), "SweepSubmitted.v1");
        var phase = (SweepPhase)r.ReadByte();
        var paused = r.ReadBoolean();
        var updated = r.ReadTime();
        var nextConfig = r.Read7BitEncodedInt();
        var backfillFrom = r.Read7BitEncodedInt();

        var count = r.Read7BitEncodedInt();
        var order = ImmutableList.CreateBuilder<string>();
        var trials = ImmutableDictionary.CreateBuilder<string, TrialRecord>();
        var queue = ImmutableSortedSet.CreateBuilder<int>();
        var running = 0;
        for (var i = 0; i < count; i++)
        {
            var t = r.ReadTrial(i);
            order.Add(t.Id);
            trials.Add(t.Id, t);
            if (t.Status == TrialStatus.Pending) queue.Add(i);
            if (t.Status == TrialStatus.Running) running++;
        }
        var finished = ImmutableList.CreateBuilder<string>();
        for (var n = r.Read7BitEncodedInt(); n > 0; n--) finished.Add(order[r.Read7BitEncodedInt()]);

        return new SweepState(header.SweepId, header.Spec, header.SpecText, header.CanonicalJson, header.BaseDirectory, phase,
            order.ToImmutable(), trials.ToImmutable(), queue.ToImmutable(), running, header.At, updated)
        {
            Paused = paused,
            NextConfig = nextConfig,
            BackfillFrom = backfillFrom,
            FinishedOrder = finished.ToImmutable(),
        };
    }

    /// <summary>
    /// Every property the codec carries, by name; the snapshot tests fail when <see cref="SweepState"/> gains one that
    /// is not listed here (it would be lost on recovery from a snapshot). Derived properties are listed as such.
    /// </summary>
    public static readonly IReadOnlySet<string> CarriedProperties = new HashSet<string>
    {
        "Id", "Spec", "SpecText", "CanonicalJson", "BaseDirectory", "Phase", "Order", "Trials", "Queue", "RunningCount",
        "SubmittedAt", "Updated", "Paused", "NextConfig", "BackfillFrom", "FinishedOrder",
        // Must be empty to snapshot (CanSnapshot):
        "Analyses", "AnalysisOrder",
    };

    private sealed class Writer(Stream s) : BinaryWriter(s)
    {
        private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

        /// <summary>A repeated string (a parameter or metric name, a worker, a categorical value): its index, and the text the first time.</summary>
        public void WriteName(string? name)
        {
            if (name is null) { Write7BitEncodedInt(0); return; }
            if (_names.TryGetValue(name, out var index)) { Write7BitEncodedInt(index + 1); return; }
            _names[name] = _names.Count;
            Write7BitEncodedInt(_names.Count);
            Write(name);
        }

        public void WriteText(string? text)
        {
            Write(text is not null);
            if (text is not null) Write(text);
        }

        public void WriteTime(DateTimeOffset? t)
        {
            Write(t.HasValue);
            if (t is not { } v) return;
            Write(v.Ticks);
            Write((short)v.Offset.TotalMinutes);
        }

        public void WriteMetrics(IReadOnlyDictionary<string, double> metrics)
        {
            Write7BitEncodedInt(metrics.Count);
            foreach (var (name, value) in metrics) { WriteName(name); Write(value); }
        }

        public void WriteTrial(TrialRecord t)
        {
            Write(t.Id);
            Write7BitEncodedInt(t.Config);
            Write(t.Seed);
            Write7BitEncodedInt(t.Params.Count);
            foreach (var (name, value) in t.Params)
            {
                WriteName(name);
                Write((byte)value.Kind);
                switch (value.Kind)
                {
                    case ParamKind.String: WriteName(value.Text ?? ""); break;
                    case ParamKind.Integer: Write(value.Integer); break;
                    case ParamKind.Number: Write(value.Number); break;
                    case ParamKind.Boolean: Write(value.Boolean); break;
                }
            }
            Write((byte)t.Status);
            Write7BitEncodedInt(t.Attempt);
            Write7BitEncodedInt(t.Failures);
            WriteName(t.Worker);
            WriteMetrics(t.Metrics);
            Write(t.Objective.HasValue);
            if (t.Objective is { } objective) Write(objective);
            Write7BitEncodedInt(t.Curve.Count);
            foreach (var point in t.Curve) { Write(point.Step); WriteMetrics(point.Metrics); }
            WriteText(t.Reason);
            WriteTime(t.StartedAt);
            WriteTime(t.FinishedAt);
            WriteText(t.ArtifactDir);
        }
    }

    private sealed class Reader(Stream s) : BinaryReader(s)
    {
        private readonly List<string> _names = [];

        public string? ReadName()
        {
            var index = Read7BitEncodedInt();
            if (index == 0) return null;
            if (index <= _names.Count) return _names[index - 1];
            if (index != _names.Count + 1) throw new InvalidDataException($"{Manifest}: string table index {index} out of order");
            var name = ReadString();
            _names.Add(name);
            return name;
        }

        private string Name() => ReadName() ?? throw new InvalidDataException($"{Manifest}: a name is missing");

        public string? ReadText() => ReadBoolean() ? ReadString() : null;

        public DateTimeOffset? ReadTime()
        {
            if (!ReadBoolean()) return null;
            var ticks = ReadInt64();
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(ReadInt16()));
        }

        private string[]? _lastKeys, _lastMetricKeys;

        private static string[] KeySet(string[] names, ref string[]? last)
        {
            // Names come from the string table, so equal names are the same instance; the common case is the previous set.
            if (last is not null && last.Length == names.Length && last.AsSpan().SequenceEqual(names)) return last;
            return last = CompactMap.Shared(names);
        }

        public IReadOnlyDictionary<string, double> ReadMetrics()
        {
            var n = Read7BitEncodedInt();
            var names = new string[n];
            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                names[i] = Name();
                values[i] = ReadDouble();
            }
            return new CompactMap<double>(KeySet(names, ref _lastMetricKeys), values);
        }

        public TrialRecord ReadTrial(int order)
        {
            var id = ReadString();
            var config = Read7BitEncodedInt();
            var seed = ReadInt64();
            var n = Read7BitEncodedInt();
            var names = new string[n];
            var values = new ParamValue[n];
            for (var i = 0; i < n; i++)
            {
                names[i] = Name();
                values[i] = (ParamKind)ReadByte() switch
                {
                    ParamKind.String => ParamValue.Of(Name()),
                    ParamKind.Integer => ParamValue.Of(ReadInt64()),
                    ParamKind.Number => ParamValue.Of(ReadDouble()),
                    ParamKind.Boolean => ParamValue.Of(ReadBoolean()),
                    var kind => throw new InvalidDataException($"{Manifest}: unknown parameter kind {kind}"),
                };
            }
            var parameters = new CompactMap<ParamValue>(KeySet(names, ref _lastKeys), values);
            var status = (TrialStatus)ReadByte();
            var attempt = Read7BitEncodedInt();
            var failures = Read7BitEncodedInt();
            var worker = ReadName();
            var metrics = ReadMetrics();
            double? objective = ReadBoolean() ? ReadDouble() : null;
            var points = Read7BitEncodedInt();
            var curve = ImmutableList<CurvePoint>.Empty;
            if (points > 0)
            {
                var builder = curve.ToBuilder();
                for (; points > 0; points--)
                {
                    var step = ReadInt64();
                    builder.Add(new CurvePoint(step, ReadMetrics()));
                }
                curve = builder.ToImmutable();
            }
            var reason = ReadText();
            var started = ReadTime();
            var finished = ReadTime();
            return new TrialRecord(id, order, config, seed, parameters, status, attempt, failures, worker, metrics, objective,
                curve, reason, started, finished, ReadText());
        }
    }
}
