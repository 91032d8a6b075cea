using TorchSharp;
using CoToSweep.Training.Optim;
using static TorchSharp.torch;

namespace CoToSweep.Training.Data;

/// <summary>The distribution shifts that turn the base task into downstream tasks. Images are [N, 1, 28, 28] in [0, 1].</summary>
public static class ImageShifts
{
    public static Tensor Identity(Tensor x) => x.alias();

    /// <summary>A quarter turn: orientation cues learnt on the base task no longer hold.</summary>
    public static Tensor Rotate90(Tensor x) => x.rot90(1, (2, 3));

    /// <summary>Photographic negative: the background becomes bright.</summary>
    public static Tensor Invert(Tensor x) => Scalars.SubFrom(1.0f, x);

    /// <summary>Upside down.</summary>
    public static Tensor FlipVertical(Tensor x) => x.flip(2);

    /// <summary>
    /// Cuts the image into a 4×4 grid of 7×7 tiles and shuffles the tiles with a fixed permutation (seeded, so
    /// the task is the same everywhere): local texture survives, global layout does not.
    /// </summary>
    public static Tensor ShuffleTiles(Tensor x)
    {
        const int grid = 4, tile = 7;
        var perm = FixedPermutation(grid * grid, seed: 20250601);
        var n = x.shape[0];
        var tiles = x.reshape(n, grid, tile, grid, tile).permute(0, 1, 3, 2, 4).reshape(n, grid * grid, tile, tile);
        var shuffled = tiles.index_select(1, tensor(perm, device: x.device));
        return shuffled.reshape(n, grid, grid, tile, tile).permute(0, 1, 3, 2, 4).reshape(n, 1, grid * tile, grid * tile);
    }

    private static long[] FixedPermutation(int n, int seed)
    {
        var perm = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        new Random(seed).Shuffle(perm);
        return perm;
    }
}
