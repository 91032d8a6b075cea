using System.Reflection;
using CoToSweep.Actors.Queries;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Sweeps.SweepCommands;

namespace CoToSweep.Actors.Tests.Snapshots;

/// <summary>
/// A state restored from its snapshot behaves as the replayed one: after every prefix of a sweep's journal (retries,
/// early stops, a budget change, TPE proposals, a cancellation), snapshot, restore, and apply the rest: the same state,
/// and the same next decisions.
/// </summary>
public sealed class SweepSnapshotCodecTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.FromHours(2));

    private const string Yaml = """
        name: snapshot-codec
        trial: { kind: command, command: [sh, -c, "true"] }
        objective: { metric: score, direction: maximize }
        early_stopping: { rule: median, grace_steps: 2, min_trials: 2 }
        retries: 1
        search:
          algorithm: tpe
          max_trials: 12
          seeds: [0, 1]
          tpe: { n_startup_trials: 4 }
          space:
            x: { uniform: [0, 1] }
            shape: [linear, cosine]
            n: { int: [1, 4] }
            on: [true, false]
        """;

    private static string Wire(SweepState s) => Convert.ToBase64String(SweepSnapshotCodec.Write(s));

    private static EndedTrials Walked(SweepState s) => new(s.Trials.Values.Count(t => t.Status == TrialStatus.Completed),
        s.Trials.Values.Count(t => t.Status == TrialStatus.Failed), s.Trials.Values.Count(t => t.Status == TrialStatus.Stopped));

    private static string Json(IEnumerable<ISweepEvent> events) => string.Join("\n", events.Select(e => Convert.ToBase64String(SweepMessageCodec.Serialize(e))));

    /// <summary>A journal made by the real decisions: leases, reports, completions, failures, a budget raise, a cancel.</summary>
    private static List<ISweepEvent> Journal()
    {
        var d = SpecReader.Parse(Yaml, "/tmp/sweeps");
        var state = SweepState.Empty(d.Id);
        var journal = new List<ISweepEvent>();
        var at = T0;
        void Do(ISweepCommand c)
        {
            foreach (var e in state.Process(c)) { journal.Add(e); state = state.Apply(e); }
        }
        Do(new SubmitSweep(d, at));
        var random = new Random(3);
        for (var round = 0; round < 40 && !state.IsFinished; round++)
        {
            at = at.AddSeconds(1);
            Do(new LeaseTrial($"node/slot-{round % 3}", "/artifacts", at, 0));
            foreach (var t in state.TrialsInOrder.Where(t => t.Status == TrialStatus.Running).ToList())
            {
                var metrics = new Dictionary<string, double> { ["score"] = random.NextDouble(), ["loss"] = double.NaN };
                switch (random.Next(4))
                {
                    case 0 or 3: Do(new ReportProgress(t.Id, t.Attempt, 2 + t.Curve.Count, metrics, at)); break;
                    case 1: Do(new CompleteTrial(t.Id, t.Attempt, metrics, metrics["score"], at)); break;
                    case 2: Do(new FailTrial(t.Id, t.Attempt, $"exit code {round}", random.Next(2) == 0, at)); break;
                }
            }
            if (round == 8) Do(new PauseSweep("paused by the test", at));
            if (round == 10) Do(new UnpauseSweep(at));
            if (round == 6)
            {
                var bigger = SpecReader.Parse(Yaml.Replace("max_trials: 12", "max_trials: 16"), "/tmp/sweeps");
                Do(new SubmitSweep(bigger, at));
            }
        }
        Do(new CancelSweep("cancelled by the test", at.AddSeconds(1)));
        return journal;
    }

    [Fact]
    public void After_every_prefix_the_restored_state_replays_the_rest_to_the_same_state_and_decides_the_same()
    {
        var journal = Journal();
        Assert.Contains(journal, e => e is SweepEvents.TrialStopped);
        Assert.Contains(journal, e => e is SweepEvents.BudgetChanged);
        Assert.Contains(journal, e => e is SweepEvents.SweepPaused);
        Assert.Contains(journal, e => e is SweepEvents.TrialFailed { Final: true });
        Assert.Contains(journal, e => e is SweepEvents.TrialRequeued or SweepEvents.TrialFailed { Final: false });
        var id = ((SweepEvents.SweepSubmitted)journal[0]).SweepId;
        var whole = Wire(SweepState.Replay(id, journal));
        var lease = new LeaseTrial("node/slot-9", "/artifacts", T0.AddHours(1), 0);
        for (var k = 1; k <= journal.Count; k++)
        {
            var prefix = SweepState.Replay(id, journal.Take(k));
            var restored = SweepSnapshotCodec.Read(SweepSnapshotCodec.Write(prefix));
            Assert.Equal(Wire(prefix), Wire(restored));
            // The counts by status are not in the payload: counted again on decode, as the events keep them.
            Assert.Equal(Walked(prefix), restored.Ended);
            Assert.Equal(prefix.Ended, restored.Ended);
            Assert.Equal(prefix.Leaders, restored.Leaders);
            Assert.Equal(prefix.WithLeadersFound().Leaders, restored.Leaders);
            Assert.Equal(prefix.RunningInOrder.Select(t => t.Id), restored.RunningInOrder.Select(t => t.Id));
            Assert.Equal(prefix.Trials.Values.Where(t => t.Status == TrialStatus.Running).OrderBy(t => t.Order).Select(t => t.Id),
                restored.RunningInOrder.Select(t => t.Id));
            Assert.Equal(Json(prefix.Process(lease)), Json(restored.Process(lease)));
            Assert.Equal(whole, Wire(journal.Skip(k).Aggregate(restored, (s, e) => s.Apply(e))));
        }
    }

    [Fact]
    public void A_payload_streamed_front_to_back_is_the_payload_and_its_length_is_told_without_it()
    {
        var journal = Journal();
        var id = ((SweepEvents.SweepSubmitted)journal[0]).SweepId;
        for (var k = 1; k <= journal.Count; k++)
        {
            var prefix = SweepState.Replay(id, journal.Take(k));
            if (!SweepSnapshotCodec.CanSnapshot(prefix)) continue;
            var bytes = SweepSnapshotCodec.Write(prefix);
            using var forward = new ForwardOnly();
            SweepSnapshotCodec.Write(prefix, forward);
            Assert.Equal(bytes, forward.ToArray());
            Assert.Equal(bytes.Length, SweepSnapshotCodec.Length(prefix));
        }
    }

    /// <summary>A stream that cannot seek, as a SQLite blob is written: a payload must go front to back.</summary>
    private sealed class ForwardOnly : MemoryStream
    {
        public override bool CanSeek => false;

        public override long Position
        {
            get => base.Position;
            set => throw new NotSupportedException("forward only");
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException("forward only");
    }

    [Fact]
    public void The_overview_read_from_the_head_of_any_prefix_s_snapshot_answers_as_the_whole_state_once_the_rest_is_folded_in()
    {
        var journal = Journal();
        var id = ((SweepEvents.SweepSubmitted)journal[0]).SweepId;
        var whole = SweepState.Replay(id, journal);
        string Answers(SweepSummary s, Domain.Boards.Board top) =>
            System.Text.Json.JsonSerializer.Serialize(s) + Domain.Boards.JsonRenderer.Render(top) + top.Title;
        var options = new Domain.Boards.BoardOptions(3);
        var expected = Answers(SweepSummary.Of(whole, true), Domain.Boards.TrialsBoard.Build(whole, options));
        for (var k = 1; k <= journal.Count; k++)
        {
            var prefix = SweepState.Replay(id, journal.Take(k));
            if (!SweepSnapshotCodec.CanSnapshot(prefix)) continue;
            var bytes = SweepSnapshotCodec.Write(prefix);
            var head = bytes[..SweepSnapshotCodec.OverviewLength(bytes)];
            var overview = journal.Skip(k).Aggregate(SweepSnapshotCodec.ReadOverview(head, SweepSnapshotCodec.Manifest)!, (o, e) => o.Apply(e));
            Assert.Equal(expected, Answers(SweepSummary.Of(overview, true), Domain.Boards.TrialsBoard.Build(overview, options)));
        }
    }

    [Fact]
    public void Every_stored_property_of_the_state_is_carried_by_the_snapshot()
    {
        // A property with a setter (positional or init) is stored; a get-only one is computed from the others.
        var stored = typeof(SweepState).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.SetMethod is not null && p.Name != "EqualityContract").Select(p => p.Name).ToHashSet();
        Assert.Empty(stored.Except(SweepSnapshotCodec.CarriedProperties));
    }

    [Fact]
    public void A_sweep_with_analyses_is_not_snapshotted_and_a_foreign_payload_is_refused()
    {
        Assert.False(SweepSnapshotCodec.CanSnapshot(SweepState.Empty("x")));
        var e = Assert.Throws<InvalidDataException>(() => SweepSnapshotCodec.Read("{}"u8.ToArray().Concat(new byte[8]).ToArray()));
        Assert.Contains(SweepSnapshotCodec.Manifest, e.Message);
    }
}
