using CoToSweep.Training.Models;
using static TorchSharp.torch;

namespace CoToSweep.Training.Adapters;

/// <summary>Creates one adapter per targeted projection and attaches it; the base weights stay frozen.</summary>
public static class AdapterFactory
{
    public static Adapter Create(AdapterSpec spec, AdaptedLinear target, Generator? g)
    {
        var (outF, inF) = (target.Frozen.weight!.shape[0], target.Frozen.weight.shape[1]);
        return spec.Method switch
        {
            "lora" or "rslora" => new LoraAdapter(inF, outF, spec.Rank, spec.Scale, g),
            "dora" => new DoraAdapter(target.Frozen, spec.Rank, spec.Scale, g),
            "hira" => new HiraAdapter(inF, outF, spec.Rank, spec.Scale, g),
            _ => throw new ArgumentException($"unknown adapter.method '{spec.Method}' (one of {string.Join(", ", AdapterSpec.Methods)})"),
        };
    }

    /// <summary>
    /// The ΔW an adapter of <paramref name="spec"/> with the given factor tensors (by their checkpoint names) makes to a
    /// projection of frozen weight <paramref name="w0"/>: how factor-space merging rebuilds an adapter.
    /// </summary>
    public static Tensor DeltaWeight(AdapterSpec spec, Tensor w0, IReadOnlyDictionary<string, Tensor> factors) => spec.Method switch
    {
        "lora" or "rslora" => LoraAdapter.Delta(factors["lora_A.weight"], factors["lora_B.weight"], spec.Scale),
        "dora" => DoraAdapter.Delta(w0, factors["lora_A.weight"], factors["lora_B.weight"], factors["lora_magnitude_vector"], spec.Scale),
        "hira" => HiraAdapter.Delta(w0, factors["hira_A.weight"], factors["hira_B.weight"], spec.Scale),
        _ => throw new ArgumentException($"unknown adapter.method '{spec.Method}' (one of {string.Join(", ", AdapterSpec.Methods)})"),
    };

    /// <summary>Freezes every base parameter, then attaches adapters in layer order, then target order.</summary>
    public static AdapterLayout Attach(VisionTransformer model, AdapterSpec spec, Generator? g, bool trainHead = false)
    {
        spec.Validate();
        foreach (var p in model.parameters()) p.requires_grad = false;
        if (trainHead) foreach (var p in model.Head.parameters()) p.requires_grad = true;
        var sites = new List<AdapterSite>();
        for (var layer = 0; layer < model.Blocks.Count; layer++)
            foreach (var target in spec.TargetList)
            {
                var linear = model.Blocks[layer].Attn.Projections[target];
                var adapter = Create(spec, linear, g);
                linear.Attach(adapter);
                sites.Add(new AdapterSite(layer, target, AdapterSite.PathFor(layer, target), linear));
            }
        return new AdapterLayout(sites, model.Blocks.Count);
    }
}
