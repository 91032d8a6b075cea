namespace CoToSweep.Tests.Shared;

/// <summary>
/// A coto sweep on tiny data (7×7 patches, 2 blocks of width 16, 12 steps: seconds of TorchSharp work) with a Shapley
/// analysis, for the tests that run it in-process and through the CLI. The analysis block is on line 17.
/// </summary>
public static class TinyCotoSweep
{
    public static string Yaml(string name, string shapley, string seeds = "0", string targets = "q, v", int valSize = 100) => $$"""
        name: {{name}}
        trial:
          kind: coto
          steps: 12
          eval_every: 6
          batch_size: 16
          train_size: 300
          val_size: {{valSize}}
          test_size: 100
          base: { patch_size: 7, depth: 2, width: 16, heads: 2, mlp_hidden: 32, pretrain_steps: 20, pretrain_batch: 32 }
          adapter: { rank: 2, alpha: 4, targets: [{{targets}}] }
          schedule: { granularity: module }
        objective: { metric: val_acc, direction: maximize }
        search:
          seeds: [{{seeds}}]
        analysis:
          shapley: {{shapley}}
        """;
}
