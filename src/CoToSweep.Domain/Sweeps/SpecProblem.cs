using CoToSweep.Domain.Sweeps.Yaml;

namespace CoToSweep.Domain.Sweeps;

/// <summary>One problem in a sweep file, printed as <c>file:line:col: message</c>.</summary>
public sealed record SpecProblem(Position At, string Message)
{
    public string Format(string file) => $"{file}:{At.Line}:{At.Column}: {Message}";
}
