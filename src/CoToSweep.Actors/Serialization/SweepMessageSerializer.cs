using Akka.Actor;
using Akka.Serialization;

namespace CoToSweep.Actors.Serialization;

/// <summary>Binds every <see cref="Domain.ISweepMessage"/> (journal events and remote messages) to <see cref="SweepMessageCodec"/>.</summary>
public sealed class SweepMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4711;

    public override int Identifier => Id;

    public override byte[] ToBinary(object obj) => SweepMessageCodec.Serialize(obj);

    public override object FromBinary(byte[] bytes, string manifest) => SweepMessageCodec.Deserialize(bytes, manifest);

    public override string Manifest(object o) => SweepMessageCodec.Manifest(o);
}
