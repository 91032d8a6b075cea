using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Optim;

/// <summary>
/// Tensor-and-number arithmetic with a <see cref="Scalar"/> that lives until the native call has returned.
/// TorchSharp turns a number into a native Scalar implicitly (<c>t * 0.5</c>) and leaves it to the finalizer; the
/// wrapper is unreachable as soon as its handle has been read, so a collection (any thread's allocations can trigger
/// one) may free the Scalar while libtorch still reads it: "Unknown scalar type", "Expected false to be true ...
/// toFloat". The same holds for tensor + tensor (an implicit alpha of 1). Every number that meets a tensor, and every
/// tensor sum, in training code goes through here (or <see cref="ScalarSafeAdamW"/>).
/// </summary>
public static class Scalars
{
    // Tensor + tensor is add(other, alpha: 1), with the same implicit Scalar, and so is TorchSharp's add(Scalar) and
    // add_(Scalar) (their alpha of 1 is made from an int): this one is reachable for the process's life. A fresh-clone CI
    // run caught `add_(eps)` in the optimizer failing in toFloat of that alpha under ConcurrencyTests' collections.
    internal static readonly Scalar One = 1.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/> (use instead of the operator, whose implicit alpha Scalar can be freed mid-call).</summary>
    public static Tensor Plus(Tensor a, Tensor b) => a.add(b, One);

    private static readonly Scalar MinusOne = (-1).ToScalar();

    /// <summary><paramref name="a"/> − <paramref name="b"/>, for the same reason as <see cref="Plus"/>.</summary>
    public static Tensor Minus(Tensor a, Tensor b) => a.add(b, MinusOne);

    public static Tensor Mul(Tensor t, double value) { using var s = value.ToScalar(); return t.mul(s); }
    public static Tensor Div(Tensor t, double value) { using var s = value.ToScalar(); return t.div(s); }
    public static Tensor Add(Tensor t, double value) { using var s = value.ToScalar(); return t.add(s, One); }
    public static Tensor Sub(Tensor t, double value) { using var s = value.ToScalar(); return t.sub(s); }

    /// <summary><paramref name="value"/> − <paramref name="t"/>.</summary>
    public static Tensor SubFrom(double value, Tensor t) { using var s = value.ToScalar(); return t.neg().add_(s, One); }

    public static Tensor Clamp(Tensor t, double min, double max)
    {
        using var lo = min.ToScalar();
        using var hi = max.ToScalar();
        return t.clamp(lo, hi);
    }
}
