using Akka.Actor;
using Akka.Configuration;
using CoToSweep.Actors.Hosting;
using CoToSweep.Actors.Serialization;
using CoToSweep.Domain;

namespace CoToSweep.Actors.Tests.Serialization;

public sealed class SweepMessageSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization", ConfigurationFactory.ParseString($$"""
        {{SerializerHocon.Binding}}
        """));

    public static TheoryData<string> Manifests() => new(MessageSamples.All().Select(SweepMessageCodec.Manifest).Distinct());

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Every_message_round_trips_through_the_bound_serializer(string manifest)
    {
        // Some manifests have several samples (one per derived result or probe type).
        foreach (var message in MessageSamples.All().Where(m => SweepMessageCodec.Manifest(m) == manifest))
        {
            var serializer = _system.Serialization.FindSerializerFor(message);
            Assert.IsType<SweepMessageSerializer>(serializer);

            var bytes = serializer.ToBinary(message);
            var back = Akka.Serialization.Serialization.WithTransport(_system as ExtendedActorSystem, () =>
                _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest));

            Assert.IsType(message.GetType(), back);
            // Records holding collections compare by reference, so equality is checked on the wire form.
            Assert.Equal(Convert.ToBase64String(bytes), Convert.ToBase64String(SweepMessageCodec.Serialize(back)));
        }
    }

    [Fact]
    public void Every_message_type_has_a_sample_and_a_manifest()
    {
        var declared = typeof(SweepMessageSerializer).Assembly.GetTypes()
            .Concat(typeof(ISweepMessage).Assembly.GetTypes())
            .Where(t => typeof(ISweepMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
            .ToHashSet();
        Assert.Subset(SweepMessageCodec.Types.ToHashSet(), declared);
        Assert.Equal(declared.OrderBy(t => t.FullName), MessageSamples.All().Select(m => m.GetType()).Distinct().OrderBy(t => t.FullName));
    }

    [Fact]
    public void Unknown_manifests_are_refused_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentException>(() => SweepMessageCodec.Deserialize("{}"u8.ToArray(), "TrialTeleported.v9"));
        Assert.Contains("TrialTeleported.v9", e.Message);
    }

    [Fact]
    public void Numbers_keep_their_kinds_and_NaN_survives()
    {
        var sample = MessageSamples.All().OfType<Domain.Sweeps.SweepEvents.TrialsPlanned>().Single();
        var back = (Domain.Sweeps.SweepEvents.TrialsPlanned)SweepMessageCodec.Deserialize(SweepMessageCodec.Serialize(sample), "TrialsPlanned.v1");
        Assert.Equal(sample.Trials[0].Params["batch"], back.Trials[0].Params["batch"]);
        Assert.Equal(Domain.Sweeps.ParamKind.Number, back.Trials[0].Params["lr"].Kind);
        var reported = MessageSamples.All().OfType<Domain.Sweeps.SweepEvents.TrialReported>().Single();
        var r = (Domain.Sweeps.SweepEvents.TrialReported)SweepMessageCodec.Deserialize(SweepMessageCodec.Serialize(reported), "TrialReported.v1");
        Assert.True(double.IsNaN(r.Metrics["loss"]));
    }

    [Fact]
    public void Commands_inside_envelopes_keep_their_type()
    {
        var envelopes = MessageSamples.All().OfType<Protocol.WorkProtocol.ForSweep>()
            .Select(e => (Protocol.WorkProtocol.ForSweep)SweepMessageCodec.Deserialize(SweepMessageCodec.Serialize(e), "ForSweep.v1")).ToList();
        var completed = Assert.IsType<Domain.Sweeps.SweepCommands.CompleteTrial>(envelopes[0].Command);
        Assert.Equal((2, 0.5), (completed.Attempt, completed.Objective));
        Assert.Equal("r", Assert.IsType<Domain.Sweeps.SweepCommands.CancelSweep>(envelopes[1].Command).Reason);   // what `cancel --coordinator` sends
        var combined = MessageSamples.All().OfType<Protocol.WorkProtocol.ResultThenAsk>().Single();
        var back = (Protocol.WorkProtocol.ResultThenAsk)SweepMessageCodec.Deserialize(SweepMessageCodec.Serialize(combined), "ResultThenAsk.v1");
        Assert.Equal(("t", true), (Assert.IsType<Domain.Sweeps.SweepCommands.FailTrial>(back.Result).TrialId, ((Domain.Sweeps.SweepCommands.FailTrial)back.Result).TrialFault));
        Assert.Equal(combined.Next, back.Next);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
