using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CliProcess = CoToSweep.EndToEnd.Tests.Cli;

namespace CoToSweep.Web.Tests;

/// <summary>
/// A real <c>cotosweep run SWEEP --http 127.0.0.1:0</c> (or any verb with <c>--http</c>) as a process: the URL comes from its
/// <c>dashboard:</c> line, the token from <c>&lt;state&gt;/http-token</c>. <see cref="Client"/> sends the token; <see cref="Anonymous"/> does not.
/// </summary>
public sealed partial class ApiServer : IDisposable
{
    public CliProcess.Background Process { get; }

    public Uri Url { get; }

    public string Token { get; }

    public HttpClient Client { get; }

    public HttpClient Anonymous { get; }

    private ApiServer(CliProcess.Background process, Uri url, string token)
    {
        Process = process;
        Url = url;
        Token = token;
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Anonymous = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public static async Task<ApiServer> StartAsync(string workDir, string stateDir, params string[] args)
    {
        var process = new CliProcess.Background(workDir, [.. args, "--state", stateDir, "--http", "127.0.0.1:0"]);
        try
        {
            Uri? url = null;
            await CliProcess.Until(() => (url = Dashboard(process.Output)) is not null || process.Process.HasExited, "the dashboard line", 90);
            if (url is null) throw new InvalidOperationException($"cotosweep {string.Join(' ', args)} exited {process.Process.ExitCode}: {process.Output}");
            return new ApiServer(process, url, File.ReadAllText(Path.Combine(stateDir, "http-token")).Trim());
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private static Uri? Dashboard(string output) => DashboardLine().Match(output) is { Success: true } m ? new Uri(m.Groups[1].Value) : null;

    [GeneratedRegex(@"dashboard: (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex DashboardLine();

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<JsonObject> SweepAsync(string id) => (await GetJsonAsync($"api/sweeps/{id}")).AsObject();

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds for its JSON.</summary>
    public async Task<JsonNode> UntilAsync(string path, Func<JsonNode, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var json = await GetJsonAsync(path);
            if (condition(json)) return json;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}; last {path}: {json.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Anonymous.Dispose();
        Process.Dispose();
    }
}
