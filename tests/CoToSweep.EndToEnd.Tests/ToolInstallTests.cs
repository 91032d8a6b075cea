using System.Diagnostics;

namespace CoToSweep.EndToEnd.Tests;

/// <summary>
/// The install path of the README: the CLI packed as a .NET tool, installed with <c>dotnet tool install</c> into a
/// tool path, runs as <c>cotosweep</c> and reports the same version as the built program.
/// </summary>
[Collection(nameof(CliProcesses))]
public sealed class ToolInstallTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("e2e-tool-");

    private static async Task<Cli.Result> Dotnet(string workDir, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(timeout).Token);
        return new Cli.Result(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_runs_as_cotosweep()
    {
        var packages = Path.Combine(_dir.FullName, "packages");
        var tools = Path.Combine(_dir.FullName, "tools");
        var pack = await Dotnet(DeployFiles.Root, TimeSpan.FromMinutes(10),
            "pack", "src/CoToSweep.Cli", "-c", DeployFiles.BuiltConfiguration, "--no-build", "-o", packages);
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        var package = Assert.Single(Directory.GetFiles(packages, "CoToSweep.Cli.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["CoToSweep.Cli.".Length..];

        var install = await Dotnet(_dir.FullName, TimeSpan.FromMinutes(5),
            "tool", "install", "CoToSweep.Cli", "--tool-path", tools, "--add-source", packages, "--version", version, "--ignore-failed-sources");
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
        Assert.Contains("cotosweep", install.Stdout);

        var info = new ProcessStartInfo(Path.Combine(tools, "cotosweep"), "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var installed = Process.Start(info)!;
        var output = await installed.StandardOutput.ReadToEndAsync();
        await installed.WaitForExitAsync();
        Assert.Equal(0, installed.ExitCode);
        var built = await Cli.RunAsync(_dir.FullName, "--version");
        Assert.Equal(built.Stdout.Trim(), output.Trim());
        Assert.StartsWith(version, output.Trim());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
