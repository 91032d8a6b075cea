using CoToSweep.Training.Adapters;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoToSweep.Training.Models;

/// <summary>
/// A frozen projection with an optional adapter. When the adapter is absent or switched off the layer is exactly
/// the frozen projection: the adapter is not called, so it is not in the graph and gets no gradient.
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

    public void Attach(Adapter a)
    {
        adapter = a;
        register_module("adapter", a);
    }

    public override Tensor forward(Tensor x) =>
        adapter is not null && Active ? adapter.Apply(x, frozen) : frozen.forward(x);

    protected override void Dispose(bool disposing)
    {
        if (disposing) { frozen.Dispose(); adapter?.Dispose(); }
        base.Dispose(disposing);
    }
}
