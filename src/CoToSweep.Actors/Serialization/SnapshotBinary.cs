using System.Collections.Immutable;
using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Serialization;

/// <summary>
/// Writes the parts of a <see cref="SweepSnapshotCodec"/> payload. Names and categorical values go through a string table
/// written as it grows (the index, and the text the first time), so a repeated name costs a byte or two.
/// </summary>
internal sealed class SnapshotWriter(Stream s, bool leaveOpen = false) : BinaryWriter(s, new System.Text.UTF8Encoding(false, true), leaveOpen)
{
    /// <summary>A writer that goes on with this one's string table on another stream (the rest of one payload).</summary>
    public SnapshotWriter ContinuedOn(Stream next)
    {
        Flush();
        var continued = new SnapshotWriter(next, leaveOpen: true);
        foreach (var (name, index) in _names) continued._names[name] = index;
        return continued;
    }

    /// <summary>
    /// The usual artifact directory, <c>ROOT/TRIAL/attempt-N</c> for the trial's attempt, as its root in the string
    /// table: about 70 bytes a trial less than the whole path (v1 wrote every path whole).
    /// </summary>
    public void WriteArtifactDir(TrialRecord t)
    {
        var dir = t.ArtifactDir;
        var root = dir is null ? null : Path.GetDirectoryName(Path.GetDirectoryName(dir));
        if (root is not null && SnapshotReader.UsualDir(root, t) == dir)
        {
            Write((byte)2);
            WriteName(root);
            return;
        }
        Write((byte)(dir is null ? 0 : 1));
        if (dir is not null) Write(dir);
    }

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

    public void WriteParams(IReadOnlyDictionary<string, ParamValue> parameters)
    {
        Write7BitEncodedInt(parameters.Count);
        foreach (var (name, value) in parameters)
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
    }

    public void WriteTrial(TrialRecord t)
    {
        Write(t.Id);
        Write7BitEncodedInt(t.Config);
        Write(t.Seed);
        WriteParams(t.Params);
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
        WriteArtifactDir(t);
    }
}

/// <summary>Reads what <see cref="SnapshotWriter"/> wrote, in the same order.</summary>
internal sealed class SnapshotReader(Stream s) : BinaryReader(s)
{
    private readonly List<string> _names = [];
    private string[]? _lastKeys, _lastMetricKeys;

    public string? ReadName()
    {
        var index = Read7BitEncodedInt();
        if (index == 0) return null;
        if (index <= _names.Count) return _names[index - 1];
        if (index != _names.Count + 1) throw new InvalidDataException($"{SweepSnapshotCodec.Manifest}: string table index {index} out of order");
        var name = ReadString();
        _names.Add(name);
        return name;
    }

    public string Name() => ReadName() ?? throw new InvalidDataException($"{SweepSnapshotCodec.Manifest}: a name is missing");

    public string? ReadText() => ReadBoolean() ? ReadString() : null;

    public DateTimeOffset? ReadTime()
    {
        if (!ReadBoolean()) return null;
        var ticks = ReadInt64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(ReadInt16()));
    }

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
        return CompactMap.Of(KeySet(names, ref _lastMetricKeys), values);
    }

    public IReadOnlyDictionary<string, ParamValue> ReadParams()
    {
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
                var kind => throw new InvalidDataException($"{SweepSnapshotCodec.Manifest}: unknown parameter kind {kind}"),
            };
        }
        return CompactMap.Of(KeySet(names, ref _lastKeys), values);
    }

    public static string UsualDir(string root, TrialRecord t) => UsualDir(root, t.Id, t.Attempt);

    public static string UsualDir(string root, string trialId, int attempt) => Path.Combine(root, trialId, "attempt-" + attempt);

    /// <param name="compactDirs">A v2 payload (artifact directories as <see cref="SnapshotWriter.WriteArtifactDir"/> wrote them).</param>
    public TrialRecord ReadTrial(int order, bool compactDirs)
    {
        var id = ReadString();
        var config = Read7BitEncodedInt();
        var seed = ReadInt64();
        var parameters = ReadParams();
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
        // One record per trial (a `with` for the directory would copy each of a million records once more).
        var dir = !compactDirs ? ReadText() : ReadByte() switch
        {
            0 => null,
            1 => ReadString(),
            2 => UsualDir(Name(), id, attempt),
            var kind => throw new InvalidDataException($"{SweepSnapshotCodec.Manifest}: unknown artifact directory kind {kind}"),
        };
        return new TrialRecord(id, order, config, seed, parameters, status, attempt, failures, worker, metrics, objective,
            curve, reason, started, finished, dir);
    }
}
