using CoToSweep.Training.Coto;

namespace CoToSweep.Training.Tests;

public class ScheduleTests
{
    [Theory]
    [InlineData("linear")]
    [InlineData("cosine")]
    [InlineData("sine")]
    [InlineData("exponential")]
    [InlineData("step")]
    public void Shapes_start_at_p_start_and_reach_p_end_at_the_end_of_the_ramp(string shape)
    {
        var s = new ScheduleSpec(shape, PStart: 0.1, PEnd: 0.9, RampFraction: 0.5);
        Assert.Equal(0.1, Schedule.P(s, 0, 1000), 12);
        Assert.Equal(0.9, Schedule.P(s, 500, 1000), 12);
        Assert.Equal(0.9, Schedule.P(s, 999, 1000), 12);
        for (var t = 1; t < 500; t++) Assert.True(Schedule.P(s, t, 1000) >= Schedule.P(s, t - 1, 1000));
    }

    [Fact]
    public void Mid_ramp_values_follow_the_formulas()
    {
        ScheduleSpec S(string shape) => new(shape, 0, 1, 0.75, Sharpness: 5, Stages: 4);
        // u = 300 / 750 = 0.4
        Assert.Equal(0.4, Schedule.P(S("linear"), 300, 1000), 12);
        Assert.Equal((1 - Math.Cos(Math.PI * 0.4)) / 2, Schedule.P(S("cosine"), 300, 1000), 12);
        Assert.Equal(Math.Sin(Math.PI * 0.2), Schedule.P(S("sine"), 300, 1000), 12);
        Assert.Equal((Math.Exp(2) - 1) / (Math.Exp(5) - 1), Schedule.P(S("exponential"), 300, 1000), 12);
        Assert.Equal(0.25, Schedule.P(S("step"), 300, 1000), 12);
        Assert.Equal(0.7, Schedule.P(new ScheduleSpec("constant", 0, 0.7), 0, 1000), 12);
    }

    [Fact]
    public void Paper_schedule_is_4t_over_3T()
    {
        var s = new ScheduleSpec();
        Assert.Equal(4.0 * 120 / (3 * 600), Schedule.P(s, 120, 600), 12);
    }

    [Fact]
    public void Orders_raise_p_to_layer_dependent_powers_and_all_reach_one()
    {
        var high = new ScheduleSpec(Order: "high-first", OrderStrength: 1);
        var low = high with { Order = "low-first" };
        Assert.Equal(0.5, Schedule.ForLayer(high, 0.5, 0, 5), 12);
        Assert.Equal(Math.Pow(0.5, 2), Schedule.ForLayer(high, 0.5, 4, 5), 12);
        Assert.Equal(Math.Pow(0.5, 1.5), Schedule.ForLayer(high, 0.5, 2, 5), 12);
        Assert.Equal(Math.Pow(0.5, 2), Schedule.ForLayer(low, 0.5, 0, 5), 12);
        Assert.Equal(0.5, Schedule.ForLayer(low, 0.5, 4, 5), 12);
        for (var l = 0; l < 5; l++)
        {
            Assert.Equal(1.0, Schedule.ForLayer(high, 1.0, l, 5));
            Assert.Equal(0.5, Schedule.ForLayer(new ScheduleSpec(), 0.5, l, 5));
        }
    }
}
