using CoToSweep.Actors.Serialization;
using CoToSweep.Domain;

namespace CoToSweep.Actors.Tests;

/// <summary>
/// The project's serializer bound to every <see cref="ISweepMessage"/>, as HOCON for a test kit's actor system (the
/// program binds it with <c>WithCustomSerializer</c>): messages and events then cross the same codec as in a real run.
/// </summary>
public static class SerializerHocon
{
    public static readonly string Binding = $$"""
        akka.actor {
          serializers.cotosweep = "{{typeof(SweepMessageSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(ISweepMessage).AssemblyQualifiedName}}" = cotosweep }
        }
        """;
}
