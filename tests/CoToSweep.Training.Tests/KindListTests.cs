using CoToSweep.Domain.Sweeps;
using CoToSweep.Training.Adapters;
using CoToSweep.Training.Coto;
using CoToSweep.Training.Data;
using CoToSweep.Training.Models;
using CoToSweep.Training.Nemesis;
using static TorchSharp.torch;

namespace CoToSweep.Training.Tests;

/// <summary>
/// Each built-in kind's lists of allowed words have one source (the kind's registration in Domain); these tests fail
/// when Training's implementation drifts from it: a value the validator accepts that the trainer cannot do, a value
/// the trainer accepts outside the list, a catalogue (tasks, projections, shifts) with a name the list lacks, or a
/// list with no probe here.
/// </summary>
public sealed class KindListTests
{
    private const string NotAValue = "no-such-value";

    /// <summary>How Training does one value of each list: throws when it cannot.</summary>
    private static readonly Dictionary<(string Kind, string Param), Action<string>> Implemented = new()
    {
        [("coto", "task")] = v => TaskCatalog.Get(v),
        [("coto", "adapter.method")] = v =>
        {
            using var linear = new AdaptedLinear("x", 4, 4);
            using var adapter = AdapterFactory.Create(new AdapterSpec(v, 1, 1), linear, null);
        },
        [("coto", "adapter.targets")] = v =>
        {
            using var attention = new Attention("a", 4, 1);
            if (!attention.Projections.ContainsKey(v)) throw new ArgumentException(v);
        },
        [("coto", "schedule.shape")] = v => Schedule.P(new ScheduleSpec(Shape: v), 1, 10),
        [("coto", "schedule.order")] = v => Schedule.ForLayer(new ScheduleSpec(Order: v), 0.5, 0, 2),
        [("coto", "schedule.granularity")] = v => new AdapterLayout([], 1).Groups(v),
        [("coto", "lr_schedule")] = v => CotoRun.LearningRate(v, 1, 1, 10),
        [("nemesis", "norm_type")] = v => PromptNorms.Of(ones(2, 2), v).Dispose(),
        [("nemesis", "class_token_position")] = v =>
        {
            using var clip = new MiniClip(new ClipConfig(Width: 8, Embed: 8));
            PromptLearner.Encode(clip, zeros(2, 8), [0, 9], v).Dispose();
        },
        [("nemesis", "split")] = v => _ = new NemesisConfig { Split = v }.BaseClasses,
        [("nemesis", "shift")] = v => DomainShifts.Get(v)(zeros(1, 1, 28, 28)).Dispose(),
        [("nemesis", "omega")] = v => new NemesisConfig { Omega = v }.OmegaAt(0),
        [("nemesis", "lr_schedule")] = v => new NemesisConfig { LrSchedule = v }.LearningRate(5),
        [("nemesis", "ctx_init")] = v => Vocabulary.Tokens(v),
    };

    /// <summary>Training catalogues that name their own values: each must hold exactly the list's words.</summary>
    private static readonly Dictionary<(string Kind, string Param), Func<IEnumerable<string>>> Catalogues = new()
    {
        [("coto", "task")] = () => TaskCatalog.Names,
        [("coto", "adapter.targets")] = () =>
        {
            using var attention = new Attention("a", 4, 1);
            return attention.Projections.Keys.ToArray();
        },
        [("nemesis", "shift")] = () => DomainShifts.All.Keys,
    };

    private static IEnumerable<(TrialKind Kind, string Param, IReadOnlyList<string> Values)> Lists() =>
        TrialKinds.BuiltIn.SelectMany(k => k.AllowedValues.Select(a => (k, a.Key, a.Value)));

    [Fact]
    public void EveryListOfEveryBuiltInKindHasAProbe()
    {
        var lists = Lists().Select(l => (l.Kind.Name, l.Param)).ToHashSet();
        Assert.NotEmpty(lists);
        Assert.All(lists, l => Assert.True(Implemented.ContainsKey(l), $"{l.Name}: no probe of how Training implements {l.Param}"));
        Assert.All(Implemented.Keys.Concat(Catalogues.Keys), k => Assert.True(lists.Contains(k), $"{k.Kind}: {k.Param} is no list of the kind any more"));
    }

    [Fact]
    public void TrainingImplementsEveryAllowedValue()
    {
        foreach (var (kind, param, values) in Lists())
            foreach (var v in values)
            {
                var e = Record.Exception(() => Implemented[(kind.Name, param)](v));
                Assert.True(e is null, $"{kind.Name}: {param} '{v}' is allowed in Domain but Training cannot do it: {e?.Message}");
            }
    }

    [Fact]
    public void TrainingRefusesWordsOutsideTheLists()
    {
        foreach (var (kind, param, _) in Lists())
            Assert.ThrowsAny<Exception>(() => Implemented[(kind.Name, param)](NotAValue));
    }

    [Fact]
    public void TrainingCataloguesHoldExactlyTheListedWords()
    {
        foreach (var ((kind, param), names) in Catalogues)
        {
            var allowed = TrialKinds.Find(kind)!.AllowedValues[param];
            Assert.Equal(allowed.Order(StringComparer.Ordinal), names().Order(StringComparer.Ordinal));
        }
    }
}
