using CoToSweep.Domain.Search;

namespace CoToSweep.Domain.Tests.Search;

public class SobolSamplerTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    public void The_first_two_to_the_k_points_fill_every_cell_of_every_axis_once(long seed)
    {
        for (var dim = 0; dim < 12; dim++)
            foreach (var k in new[] { 3, 6, 9 })
            {
                var cells = Enumerable.Range(0, 1 << k).Select(i => (int)(SobolSampler.Point(seed, dim, (ulong)i) * (1 << k))).ToList();
                Assert.Equal(Enumerable.Range(0, 1 << k), cells.Order());
            }
    }

    [Fact]
    public void The_first_two_axes_form_a_net_every_elementary_box_holds_one_of_sixteen_points()
    {
        foreach (var (w, h) in new[] { (1, 16), (2, 8), (4, 4), (8, 2), (16, 1) })
        {
            var boxes = Enumerable.Range(0, 16)
                .Select(i => ((int)(SobolSampler.Point(3, 0, (ulong)i) * w), (int)(SobolSampler.Point(3, 1, (ulong)i) * h))).ToList();
            Assert.Equal(16, boxes.Distinct().Count());
        }
    }

    [Fact]
    public void Scrambling_depends_on_the_seed_and_points_stay_in_the_unit_interval()
    {
        var a = Enumerable.Range(0, 64).Select(i => SobolSampler.Point(1, 2, (ulong)i)).ToList();
        var b = Enumerable.Range(0, 64).Select(i => SobolSampler.Point(2, 2, (ulong)i)).ToList();
        Assert.NotEqual(a, b);
        Assert.All(a.Concat(b), u => Assert.InRange(u, 0, 1 - double.Epsilon));
    }
}
