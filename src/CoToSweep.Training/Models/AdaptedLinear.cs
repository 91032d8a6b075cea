using CoToSweep.Training.Adapters;
using TorchSharp;
using TorchSharp.Modules;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Models;

/// <summary>
/// A frozen projection with an optional adapter. When the adapter is absent or switched off the layer is exactly
/// the frozen projection: the adapter (or dense delta) is not called, so it is not in the graph and gets no gradient.
/// </summary>
public sealed class AdaptedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Linear frozen;
    private Adapter? adapter;

    public AdaptedLinear(string name, long inFeatures, long outFeatures) : base(name)
    {
        frozen = nn.Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    public Linear Frozen => frozen;
    public Adapter? Adapter => adapter;

    /// <summary>Set by the CoTo gate before each step, and by masked evaluation.</summary>
    public bool Active { get; set; } = true;

    /// <summary>
    /// A dense ΔW [out, in] that, when set, replaces the adapter term: y = frozen(x) + x·ΔWᵀ. Merged and pruned
    /// adapters are no longer low-rank, so they are evaluated this way. Not owned: whoever sets it disposes it.
    /// </summary>
    public Tensor? DenseDelta { get; set; }

    public void Attach(Adapter a)
    {
        adapter = a;
        register_module("adapter", a);
    }

    public override Tensor forward(Tensor x)
    {
        if (!Active) return frozen.forward(x);
        if (DenseDelta is not null) return Scalars.Plus(frozen.forward(x), nn.functional.linear(x, DenseDelta));
        return adapter is not null ? adapter.Apply(x, frozen) : frozen.forward(x);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { frozen.Dispose(); adapter?.Dispose(); }
        base.Dispose(disposing);
    }
}
