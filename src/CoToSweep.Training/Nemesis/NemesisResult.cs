namespace CoToSweep.Training.Nemesis;

/// <summary>One epoch's report: training loss and accuracy, the regulariser, PAN's weighted positions, the mean prompt norm.</summary>
public sealed record NemesisPoint(int Epoch, long Step, double TrainLoss, double TrainAcc, double RegLoss, double PanSelected, double NormMean);

/// <summary>A finished Nemesis trial: its final metrics (accuracies, zero-shot baseline, per-position norms) and the epoch curve.</summary>
public sealed record NemesisResult(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<double> Norms, IReadOnlyList<NemesisPoint> Curve, bool Failed);
