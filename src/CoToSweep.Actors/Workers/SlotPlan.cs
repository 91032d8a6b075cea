namespace CoToSweep.Actors.Workers;

/// <summary>One slot to create: a GPU (its device index) or a CPU slot (no device).</summary>
public sealed record PlannedSlot(string Name, int? Gpu)
{
    public int Gpus => Gpu is null ? 0 : 1;

    /// <summary>What trial processes of this slot see: its one GPU, or none at all.</summary>
    public string CudaVisibleDevices => Gpu?.ToString() ?? "";

    /// <summary>The device for work done in the node's own process (which sees every GPU): its GPU, or the CPU.</summary>
    public string InProcessDevice => Gpu is { } g ? $"cuda:{g}" : "cpu";
}

/// <summary>Turns <c>--gpus</c> and <c>--cpu-slots</c> into slots: one per GPU, plus CPU slots where asked (or where there is no GPU).</summary>
public static class SlotPlan
{
    public static IReadOnlyList<PlannedSlot> Make(string? gpus, int? cpuSlots, IGpuInventory inventory)
    {
        var available = inventory.DeviceCount;
        IReadOnlyList<int> devices = gpus switch
        {
            null => cpuSlots is null ? Enumerable.Range(0, available).ToList() : [],
            "none" => [],
            "all" when available == 0 => throw new ArgumentException("--gpus all: this node has no CUDA device (use --gpus none or --cpu-slots N)"),
            "all" => Enumerable.Range(0, available).ToList(),
            _ => ParseList(gpus, available),
        };
        var cpu = cpuSlots ?? (devices.Count == 0 ? Environment.ProcessorCount : 0);
        if (cpu < 0) throw new ArgumentException("--cpu-slots must be 0 or more");
        if (devices.Count + cpu == 0) throw new ArgumentException("this node would have no slots (give --cpu-slots N or GPUs)");
        return devices.Select(d => new PlannedSlot($"gpu-{d}", d))
            .Concat(Enumerable.Range(0, cpu).Select(i => new PlannedSlot($"cpu-{i}", null)))
            .ToList();
    }

    private static List<int> ParseList(string text, int available)
    {
        var devices = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, out var d) || d < 0) throw new ArgumentException($"--gpus: '{part}' is not a device index (use all, none or a list such as 0,1)");
            if (d >= available)
                throw new ArgumentException($"--gpus: GPU {d} was asked for but this node has {(available == 0 ? "no CUDA device" : $"{available} (0-{available - 1})")}");
            if (devices.Contains(d)) throw new ArgumentException($"--gpus: GPU {d} is listed twice");
            devices.Add(d);
        }
        return devices.Count > 0 ? devices : throw new ArgumentException("--gpus: empty list");
    }
}
