using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>Small sweep files for the tests, and a parse that fails with every problem listed.</summary>
internal static class SweepFiles
{
    /// <summary>A valid command sweep; lines 1-8, so lines appended by a test start at line 9.</summary>
    public const string Base = """
        name: demo
        trial:
          kind: command
          command: [sh, -c, "echo {lr}"]
        objective: { metric: score, direction: maximize }
        search:
          space:
            lr: [0.1, 0.2]
        """;

    public static SweepDefinition Valid(string text)
    {
        var d = SpecReader.Parse(text);
        Assert.True(d.IsValid, "expected a valid sweep, got:\n" + string.Join("\n", d.Problems.Select(p => p.Format("sweep.yaml"))));
        return d;
    }

    public static SweepSpec Spec(string text) => Valid(text).Spec!;

    /// <summary>A command sweep with the given <c>search</c> block body (indented by the caller-independent helper).</summary>
    public static string Command(string search, string extra = "") =>
        "name: demo\ntrial:\n  kind: command\n  command: [sh, -c, \"exit 0\"]\nobjective: { metric: score, direction: maximize }\n" +
        "search:\n" + string.Join("\n", search.Split('\n').Select(l => "  " + l)) + "\n" + extra;
}
