using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace CoToSweep.Domain.Importance;

/// <summary>
/// A random forest (ML.NET's FastForest, one thread, seeded) fitted to (parameters → objective), with its fit quality:
/// R² on the trials it was fitted to and by k-fold cross-validation. <see cref="Predict"/> walks the fitted trees.
/// </summary>
internal sealed class ForestFit
{
    public const int Trees = 100;

    private readonly TreeEnsemble<QuantileRegressionTree> _ensemble;

    public double TrainR2 { get; }
    public double? CrossValidatedR2 { get; }
    public int Folds { get; }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    public ForestFit(float[][] x, double[] y)
    {
        var ml = new MLContext(seed: 0);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, x[0].Length);
        var data = ml.Data.LoadFromEnumerable(x.Zip(y, (f, l) => new Row { Features = f, Label = (float)l }).ToList(), schema);
        var trainer = ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = Trees, NumberOfLeaves = 16, MinimumExampleCountPerLeaf = 2, NumberOfThreads = 1, FeatureFraction = 1,
        });
        var model = trainer.Fit(data);
        _ensemble = model.Model.TrainedTreeEnsemble;
        TrainR2 = ml.Regression.Evaluate(model.Transform(data)).RSquared;
        Folds = Math.Min(5, x.Length / 4);
        if (Folds >= 2)
            CrossValidatedR2 = ml.Regression.CrossValidate(data, trainer, Folds).Average(f => f.Metrics.RSquared);
    }

    public double Predict(float[] features)
    {
        var sum = _ensemble.Bias;
        for (var t = 0; t < _ensemble.Trees.Count; t++)
        {
            var tree = _ensemble.Trees[t];
            var node = 0;
            while (node >= 0)
                node = features[tree.NumericalSplitFeatureIndexes[node]] <= tree.NumericalSplitThresholds[node] ? tree.LeftChild[node] : tree.RightChild[node];
            sum += _ensemble.TreeWeights[t] * tree.LeafValues[~node];
        }
        return sum;
    }
}
