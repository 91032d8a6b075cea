using MathNet.Numerics.LinearAlgebra;

namespace CoToSweep.Domain.Shapley;

/// <summary>
/// A linear + pairwise game v̂(S) = Σ_{i∈S} a_i + Σ_{i&lt;j∈S} b_ij (plus a symmetric size profile h(|S|)), whose Shapley
/// values are closed-form, φ_i = a_i + ½ Σ_j b_ij + (h(n) − h(0))/n, and so are its mean marginals per coalition size.
/// It is fitted by ridge least squares to observed marginals, Δ_i v(A) ≈ a_i + Σ_{j∈A} b_ij + d_|A|, because as a
/// control variate what it must track is the marginal inside a size stratum, not the value itself; the size terms
/// d_t = h(t+1) − h(t) soak up the between-size effect that stratification already removes. The ridge shrinks the
/// pair terms toward zero, i.e. toward plain stratified sampling, when there are few observations per coefficient.
/// </summary>
internal sealed class PairwiseSurrogate
{
    private const double Ridge = 0.05;
    private readonly int _n;
    private readonly double[] _linear;
    private readonly double[,] _pair;
    private readonly double[] _pairSums;
    private readonly double[] _size;

    private PairwiseSurrogate(int n, double[] linear, double[,] pair, double[] size)
    {
        (_n, _linear, _pair, _size) = (n, linear, pair, size);
        _pairSums = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) _pairSums[i] += pair[i, j];
    }

    public static PairwiseSurrogate Fit(int n, IReadOnlyList<Observation> marginals)
    {
        var pairs = n * (n - 1) / 2;
        var p = n + pairs + n;
        var gram = new double[p, p];
        var rhs = new double[p];
        var active = new List<int>(n + 2);
        foreach (var (i, without, marginal) in marginals)
        {
            active.Clear();
            active.Add(i);
            for (var j = 0; j < n; j++)
                if (Coalitions.Contains(without, j)) active.Add(n + PairIndex(n, Math.Min(i, j), Math.Max(i, j)));
            active.Add(n + pairs + Coalitions.Size(without));
            foreach (var f in active)
            {
                rhs[f] += marginal;
                foreach (var g in active) gram[f, g] += 1;
            }
        }
        // Every coefficient gets some ridge so the system is always solvable (a_i and d_t share a constant);
        // the pair terms get enough to stay near zero until the data speak for them.
        for (var f = 0; f < p; f++) gram[f, f] += f >= n && f < n + pairs ? Ridge * Math.Max(1, gram[f, f]) + 1e-6 : 1e-6;
        var beta = Matrix<double>.Build.DenseOfArray(gram).Cholesky().Solve(Vector<double>.Build.DenseOfArray(rhs));
        var linear = new double[n];
        var pair = new double[n, n];
        for (var i = 0; i < n; i++) linear[i] = beta[i];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                pair[i, j] = pair[j, i] = beta[n + PairIndex(n, i, j)];
        var size = Enumerable.Range(0, n).Select(t => beta[n + pairs + t]).ToArray();
        return new PairwiseSurrogate(n, linear, pair, size);
    }

    /// <summary>v̂(A ∪ i) − v̂(A) for i not in A.</summary>
    public double Marginal(int player, ulong a)
    {
        var value = _linear[player] + _size[Coalitions.Size(a)];
        for (var j = 0; j < _n; j++)
            if (Coalitions.Contains(a, j)) value += _pair[player, j];
        return value;
    }

    /// <summary>
    /// Mean of <see cref="Marginal"/> in a size stratum: over uniform t-subsets A of N∖i it is
    /// a_i + d_t + t/(n−1)·Σ_j b_ij; a paired sample Δ(A) + Δ(Ā) is 2a_i + d_t + d_{n−1−t} + Σ_j b_ij.
    /// </summary>
    public double StratumMean(int player, int stratum, SizeStrata strata)
    {
        if (strata.Paired) return 2 * _linear[player] + _size[stratum] + _size[_n - 1 - stratum] + _pairSums[player];
        var pairs = _n == 1 ? 0 : (double)stratum / (_n - 1) * _pairSums[player];
        return _linear[player] + _size[stratum] + pairs;
    }

    /// <summary>
    /// Closed-form φ_i = a_i + ½ Σ_j b_ij + (1/n) Σ_t d_t. It equals (1/n) Σ_t StratumMean(i, t), which is
    /// why adding E[Δv̂ | size] back in every stratum (the control-variate form) is "φ of the surrogate plus Monte
    /// Carlo on the residual" written per stratum — the form that lets phases with different fits pool.
    /// </summary>
    public double Shapley(int player) => _linear[player] + _pairSums[player] / 2 + _size.Average();

    private static int PairIndex(int n, int i, int j) => i * n - i * (i + 1) / 2 + (j - i - 1);
}
