using CoToSweep.Domain.Search.Bench;

namespace CoToSweep.Domain.Tests.Search;

public class SearchBenchTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Every_method_reaches_the_target_on_branin_and_asha_spends_fewer_trial_steps()
    {
        var steps = SearchBench.Methods.ToDictionary(m => m.Name, m => Enumerable.Range(0, 3)
            .Select(seed => SearchBench.StepsToTarget(SearchProblem.Branin, m, seed, 400)).ToList());
        foreach (var (name, s) in steps) output.WriteLine($"{name}: {string.Join(", ", s)}");
        Assert.All(steps.Values.SelectMany(s => s), s => Assert.NotNull(s));
        Assert.True(steps["tpe+asha"].Average() < steps["random"].Average());
    }
}
