namespace CoToSweep.Domain;

/// <summary>
/// Marker for every message that crosses an actor boundary or lands in the journal
/// (commands, events, queries). One serializer is bound to it, so adding a message
/// means adding a manifest, never configuring a new serializer.
/// </summary>
public interface ISweepMessage;
