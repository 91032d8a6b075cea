namespace CoToSweep.Domain.Search;

/// <summary>The samplers by name: the one list <c>search.algorithm</c> is checked against.</summary>
public static class Samplers
{
    public static readonly IReadOnlyList<ISampler> All = [new GridSampler(), new RandomSampler(), new SobolSampler(), new TpeSampler()];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static ISampler? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    public static ISampler Get(string name) =>
        Find(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "no such search algorithm");
}
