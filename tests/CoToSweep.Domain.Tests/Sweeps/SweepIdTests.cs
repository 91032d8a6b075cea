using CoToSweep.Domain.Sweeps;
using static CoToSweep.Domain.Tests.Sweeps.SweepFiles;

namespace CoToSweep.Domain.Tests.Sweeps;

/// <summary>The sweep id is the name plus 8 hex of SHA-256 of the canonical parsed spec: layout never changes it, content always does.</summary>
public class SweepIdTests
{
    private const string Original = """
        name: ids
        trial:
          kind: command
          command: [sh, -c, "echo {lr}"]
          opt: { momentum: 0.9, nesterov: true }
        objective: { metric: score, direction: maximize }
        search:
          algorithm: random
          max_trials: 4
          space:
            lr: { loguniform: [1.0e-4, 5.0e-3] }
            bs: [16, 32]
        retries: 2
        """;

    private static string Id(string text) => Valid(text).Id;

    [Fact]
    public void The_id_is_the_name_and_eight_hex_digits()
    {
        Assert.Matches("^ids-[0-9a-f]{8}$", Id(Original));
        Assert.Equal(Id(Original), Id(Original));
    }

    [Fact]
    public void The_id_hashes_the_canonical_json()
    {
        var d = Valid(Original);
        Assert.Equal(SweepDefinition.MakeId("ids", d.CanonicalJson), d.Id);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(d.CanonicalJson)));
        Assert.Equal("ids-" + hash[..8], d.Id);
        Assert.StartsWith("{\"name\":\"ids\",\"trial\":{\"kind\":\"command\"", d.CanonicalJson);
    }

    public static TheoryData<string, string> SameSpec() => new()
    {
        { "comments", "# header\n" + Original.Replace("retries: 2", "retries: 2  # twice").Replace("search:", "search:   # the space") + "\n# end\n" },
        { "quoted keys", Original.Replace("name: ids", "\"name\": ids").Replace("max_trials:", "'max_trials':") },
        { "quoted string values", Original.Replace("kind: command", "kind: \"command\"").Replace("[sh, -c,", "['sh', \"-c\",") },
        { "flow style", Original.Replace("trial:\n  kind: command\n  command: [sh, -c, \"echo {lr}\"]\n  opt: { momentum: 0.9, nesterov: true }",
            "trial: { kind: command, command: [sh, -c, \"echo {lr}\"], opt: { momentum: 0.9, nesterov: true } }") },
        { "block style", Original.Replace("opt: { momentum: 0.9, nesterov: true }", "opt:\n    momentum: 0.9\n    nesterov: true")
            .Replace("bs: [16, 32]", "bs:\n      - 16\n      - 32") },
        { "exponent spelling", Original.Replace("1.0e-4", "0.0001").Replace("5.0e-3", "0.005") },
        { "other exponent spelling", Original.Replace("1.0e-4", "1e-4").Replace("5.0e-3", "5E-3") },
        { "trailing zeros", Original.Replace("0.9", "0.900") },
        { "indentation", Original.Replace("\n  ", "\n    ") },
        { "blank lines and trailing spaces", Original.Replace("\n", "   \n\n") },
        { "explicit document markers", "---\n" + Original + "\n...\n" },
    };

    [Theory]
    [MemberData(nameof(SameSpec))]
    public void Layout_does_not_change_the_id(string what, string variant)
    {
        Assert.NotEqual(Original, variant);
        Assert.True(Id(Original) == Id(variant), $"{what} changed the id:\n{variant}");
    }

    public static TheoryData<string, string> OtherSpec() => new()
    {
        { "a value", Original.Replace("retries: 2", "retries: 3") },
        { "a bound", Original.Replace("5.0e-3", "5.0e-2") },
        { "a list value", Original.Replace("[16, 32]", "[16, 64]") },
        { "a list order", Original.Replace("[16, 32]", "[32, 16]") },
        { "an integer for a float", Original.Replace("0.9", "1") },
        { "a quoted number", Original.Replace("0.9", "\"0.9\"") },
        { "a quoted bool", Original.Replace("nesterov: true", "nesterov: \"true\"") },
        { "a command argument", Original.Replace("echo {lr}", "echo  {lr}") },
        { "space keys reordered", Original.Replace("    lr: { loguniform: [1.0e-4, 5.0e-3] }\n    bs: [16, 32]", "    bs: [16, 32]\n    lr: { loguniform: [1.0e-4, 5.0e-3] }") },
        { "top keys reordered", Original.Replace("retries: 2", "").Replace("name: ids\n", "name: ids\nretries: 2\n") },
        { "nested keys reordered", Original.Replace("{ momentum: 0.9, nesterov: true }", "{ nesterov: true, momentum: 0.9 }") },
        { "a key added", Original + "\nmax_attempts: 5" },
    };

    [Theory]
    [MemberData(nameof(OtherSpec))]
    public void Any_edit_changes_the_id(string what, string variant)
    {
        Assert.True(Id(Original) != Id(variant), $"{what} kept the id:\n{variant}");
        Assert.StartsWith("ids-", Id(variant));
    }

    [Fact]
    public void A_new_name_is_a_new_sweep() => Assert.StartsWith("other-", Id(Original.Replace("name: ids", "name: other")));
}
