using CoToSweep.Domain.Sweeps;

namespace CoToSweep.Actors.Tests.Embedded;

/// <summary>A random-search sweep of in-process no-op trials over two seeds, for runs on any journal.</summary>
public static class NoopSweep
{
    public static SweepDefinition Definition(string name, int trials, int sleepMs) => SpecReader.Parse($$"""
        name: {{name}}
        trial: { kind: noop, sleep_ms: {{sleepMs}} }
        objective: { metric: score, direction: maximize }
        search:
          algorithm: random
          max_trials: {{trials}}
          seeds: [0, 1]
          space:
            x: { uniform: [0, 1] }
        """);
}
