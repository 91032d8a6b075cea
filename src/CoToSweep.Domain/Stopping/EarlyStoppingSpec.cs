namespace CoToSweep.Domain.Stopping;

/// <summary>
/// <c>early_stopping</c>: the rule's name and its settings (each rule reads the ones it uses): <c>grace_steps</c> (no
/// decision before), <c>min_trials</c> (median: others needed at a step), <c>reduction</c> and <c>max_steps</c> (asha).
/// </summary>
public sealed record EarlyStoppingSpec(string Rule, long GraceSteps = 0, int MinTrials = 5, int Reduction = 3, long? MaxSteps = null);
