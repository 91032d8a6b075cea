using CoToSweep.Training.Data;
using CoToSweep.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace CoToSweep.Training.Models;

/// <summary>Trains the whole base model on the base task (upright Fashion-MNIST) with AdamW and a cosine learning rate.</summary>
public static class Pretrainer
{
    public static VisionTransformer Pretrain(VitConfig c, FashionMnist data, Device device, CancellationToken ct = default)
    {
        using var g = new Generator((ulong)c.PretrainSeed, device);
        var model = new VisionTransformer(c);
        ModelInit.Initialise(model, g);
        model.to(device);
        using var task = TaskData.Build(data, TaskCatalog.BaseTask, new SplitSizes(Val: 500), device);
        using var opt = new ScalarSafeAdamW(model.parameters(), c.PretrainLr, weightDecay: 0.05);
        model.train();
        for (var step = 0; step < c.PretrainSteps; step++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            opt.LearningRate = c.PretrainLr * 0.5 * (1 + Math.Cos(Math.PI * step / c.PretrainSteps));
            var idx = randint(task.Train.X.shape[0], [c.PretrainBatch], generator: g, device: device);
            var loss = nn.functional.cross_entropy(model.forward(task.Train.X[idx]), task.Train.Y[idx]);
            loss.backward();
            opt.Step();
            model.zero_grad();
        }
        model.eval();
        return model;
    }
}
